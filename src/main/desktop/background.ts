import type { BrowserWindow } from 'electron';
import type { Alert } from '@shared/contract/monitoring';
import type { NodeStatus } from '@shared/contract/nodes';

/** A page of the renderer, as its address bar's hash (`#/deployments/<id>`); nothing else is ever loaded. */
const ROUTE = /^#\/[a-z]+(\/[A-Za-z0-9%._-]+){0,2}$/;
export const isRoute = (hash: string) => ROUTE.test(hash);

/** Where an alert's notification leads: its deployment's page, or its node's. */
export const alertRoute = (alert: Pick<Alert, 'deploymentId' | 'nodeId'>): string =>
  alert.deploymentId
    ? `#/deployments/${encodeURIComponent(alert.deploymentId)}`
    : `#/nodes/${encodeURIComponent(alert.nodeId)}`;

/** The tray's status line: servers online, and the alerts that are open. */
export function fleetSummary(nodes: { status: NodeStatus }[], openAlerts: number): string {
  if (nodes.length === 0) return 'No servers yet';
  const watched = nodes.filter((node) => node.status !== 'maintenance');
  const online = watched.filter((node) => node.status === 'online').length;
  const servers = `${online} of ${watched.length} server${watched.length === 1 ? '' : 's'} online`;
  const alerts = openAlerts === 0 ? 'no alerts' : `${openAlerts} open alert${openAlerts === 1 ? '' : 's'}`;
  return `${servers} · ${alerts}`;
}

type ClosableWindow = Pick<BrowserWindow, 'on' | 'hide'>;

/**
 * Closing the window hides it while "keep running in the background" is on: the core's workers,
 * alerts and notifications go on, and the tray opens it again. Quitting (tray, app menu, the OS
 * logging out) closes it for real. `onHidden` runs after each hide, for the first-close hint.
 */
export function hideOnClose(
  window: ClosableWindow,
  options: { isQuitting: () => boolean; keepsRunning: () => boolean; onHidden: () => void },
): void {
  window.on('close', (event) => {
    if (options.isQuitting() || !options.keepsRunning()) return;
    event.preventDefault();
    window.hide();
    options.onHidden();
  });
}

type KeptWindow = Pick<
  BrowserWindow,
  'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus' | 'once' | 'webContents'
>;

/**
 * The one main window: shown again if it exists, made again if it was closed (macOS keeps the app
 * running without windows; the dock's `activate` and the tray call `show`). A route opens that page.
 */
export function createWindowKeeper<W extends KeptWindow>(create: (route: string | undefined) => W) {
  let window: W | null = null;
  return {
    current: () => (window && !window.isDestroyed() ? window : null),
    show(route?: string): W {
      const target = route !== undefined && isRoute(route) ? route : undefined;
      const existing = window && !window.isDestroyed() ? window : null;
      if (!existing) {
        const made = create(target);
        window = made;
        made.once('closed', () => {
          if (window === made) window = null;
        });
        return made;
      }
      // The hash is checked above: only a page of our own renderer, never script text.
      if (target) void existing.webContents.executeJavaScript(`location.hash = ${JSON.stringify(target)}`);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    },
  };
}
