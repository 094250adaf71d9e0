import { powerMonitor, type BrowserWindow } from 'electron';
import type { AttentionPort } from '../core/monitoring';

type WindowEvents = Pick<BrowserWindow, 'on' | 'isVisible' | 'isMinimized'>;

/**
 * Battery and window state for monitoring's sampling: electron's powerMonitor, and when the main
 * window was hidden or minimized (or closed, on macOS where the app stays), from its events.
 */
export function createDesktopAttention(now: () => number = Date.now) {
  let hiddenSince: number | null = null;
  const hide = () => {
    hiddenSince ??= now();
  };
  const port: AttentionPort = {
    isOnBattery: () => powerMonitor.isOnBatteryPower(),
    windowHiddenSince: () => hiddenSince,
  };
  return {
    port,
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
