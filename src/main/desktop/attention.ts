import { powerMonitor, type BrowserWindow } from 'electron';
import type { AttentionPort } from '../core/monitoring';

type WindowEvents = Pick<BrowserWindow, 'on' | 'isVisible' | 'isMinimized'>;

/**
 * Battery and window state for monitoring's sampling: electron's powerMonitor, and when the main
 * window was hidden or minimized (or closed, on macOS where the app stays), from its events.
 */
export function createDesktopAttention(now: () => number = Date.now) {
  let hiddenSince: number | null = null;
  let isPaused = false;
  const hide = () => {
    hiddenSince ??= now();
  };
  const port: AttentionPort = {
    isOnBattery: () => powerMonitor.isOnBatteryPower(),
    windowHiddenSince: () => hiddenSince,
    isPausedByUser: () => isPaused,
  };
  return {
    port,
    /** "Pause monitoring" in the tray: stats stop until it is unticked; logs, events and alerts go on. */
    setPaused(paused: boolean): void {
      isPaused = paused;
    },
    isPaused: () => isPaused,
    /** Follows the window from now on; a new window after a close is followed again. */
    watch(window: WindowEvents): void {
      hiddenSince = window.isVisible() && !window.isMinimized() ? null : now();
      window.on('hide', hide);
      window.on('minimize', hide);
      window.on('closed', hide);
      window.on('show', () => (hiddenSince = null));
      window.on('restore', () => (hiddenSince = null));
    },
  };
}
