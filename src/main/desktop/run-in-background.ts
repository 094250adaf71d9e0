import { existsSync, writeFileSync } from 'node:fs';
import type { App } from 'electron';
import type { MethodInput, MethodName, MethodOutput } from '@shared/contract';
import type { Settings } from '@shared/contract/settings';
import type { Core } from '../core/create-core';
import { alertRoute, fleetSummary } from './background';
import { backgroundHint, notifyAlerts } from './notifications';

export interface BackgroundDeps {
  core: Pick<Core, 'dispatch' | 'events'>;
  app: Pick<App, 'on' | 'quit'>;
  platform: NodeJS.Platform;
  /** Shows the main window (making it again if it was closed), on `route`'s page if given. */
  showWindow: (route?: string) => void;
  tray: { setSummary: (summary: string) => void };
  /** Exists once the first-close hint was shown. */
  hintFile: string;
  applyStartAtLogin: (isEnabled: boolean) => void;
}

const SUMMARY_DELAY_MS = 300;

/** The core's answer to `method`, or null where it has none. */
async function ask<M extends MethodName>(
  core: BackgroundDeps['core'],
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M> | null> {
  const answer = await core.dispatch(method, input);
  return answer.ok ? (answer.value as MethodOutput<M>) : null;
}

/** The tray's line, from the nodes and the open alerts; kept when the core cannot answer. */
async function summaryOf(core: BackgroundDeps['core']): Promise<string | null> {
  const [nodes, alerts] = await Promise.all([
    ask(core, 'nodes:list', {}),
    ask(core, 'alerts:list', { includeResolved: false, limit: 500 }),
  ]);
  if (!nodes || !alerts) return null;
  return fleetSummary(nodes, alerts.filter((alert) => alert.dismissedAt === null).length);
}

/** Keeps the tray's line current: after start, and shortly after any node or alert changes. */
function followFleet({ core, tray }: BackgroundDeps): void {
  let timer: NodeJS.Timeout | null = null;
  const refresh = () => {
    timer = null;
    void summaryOf(core).then((summary) => summary && tray.setSummary(summary));
  };
  const soon = () => {
    timer ??= setTimeout(refresh, SUMMARY_DELAY_MS);
  };
  core.events.on('nodes:changed', soon);
  core.events.on('alerts:raised', soon);
  core.events.on('alerts:resolved', soon);
  refresh();
}

/**
 * Background mode: with "keep running in the background" on, the app outlives its window (the
 * window hides instead, see `hideOnClose`); alerts reach the OS with or without a window and open
 * their page; the dock's `activate` (macOS) opens the window again; the tray shows the fleet's
 * state; "start at login" follows its setting. Returns what the window's close needs to know.
 */
export async function runInBackground(deps: BackgroundDeps) {
  const { core, app } = deps;
  const settings = await ask(core, 'settings:get', {});
  let desktop: Settings['desktop'] = settings?.desktop ?? { keepInBackground: true, startAtLogin: false };
  deps.applyStartAtLogin(desktop.startAtLogin);
  core.events.on('settings:changed', (settings) => {
    if (settings.desktop.startAtLogin !== desktop.startAtLogin)
      deps.applyStartAtLogin(settings.desktop.startAtLogin);
    desktop = settings.desktop;
  });
  app.on('window-all-closed', () => {
    // macOS apps stay without windows; elsewhere a closed window quits when the app is not kept running.
    if (deps.platform !== 'darwin' && !desktop.keepInBackground) app.quit();
  });
  app.on('activate', () => deps.showWindow());
  notifyAlerts(core, (alert) => deps.showWindow(alertRoute(alert)));
  followFleet(deps);
  return {
    keepsRunning: () => desktop.keepInBackground,
    onHidden: () => {
      if (existsSync(deps.hintFile)) return;
      writeFileSync(deps.hintFile, new Date().toISOString());
      backgroundHint();
    },
  };
}
