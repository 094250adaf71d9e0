import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '@shared/contract/monitoring';
import { settingsSchema, type Settings } from '@shared/contract/settings';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { createEventBus } from '../core/events/event-bus';
import { runInBackground, type BackgroundDeps } from './run-in-background';

// Electron's binary cannot run in the unit suite: a fake Notification records what was shown and
// lets the test click it, as the OS would.
const electron = vi.hoisted(() => {
  const shown: { title: string; click: () => void }[] = [];
  class FakeNotification {
    static isSupported = () => true;
    private onClick: () => void = () => undefined;
    constructor(private readonly options: { title: string }) {}
    on(_event: 'click', listener: () => void) {
      this.onClick = listener;
    }
    show() {
      shown.push({ title: this.options.title, click: () => this.onClick() });
    }
  }
  return { Notification: FakeNotification, shown };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

const dir = makeTempDir('hoster-background-');
afterAll(() => dir.remove());

const alert = (over: Partial<Alert>): Alert => ({
  id: 1,
  kind: 'crash-loop',
  severity: 'error',
  nodeId: 'n1',
  deploymentId: 'd1',
  title: 'web keeps crashing',
  message: 'It restarted 5 times in a minute.',
  raisedAt: '2026-12-06T10:00:00.000Z',
  resolvedAt: null,
  dismissedAt: null,
  ...over,
});

/** A core that answers what background mode asks, with a real event bus, and an app that records its handlers. */
function world(settings: Settings) {
  const events = createEventBus();
  const state = { nodes: [{ status: 'online' }, { status: 'offline' }], alerts: [] as Alert[] };
  const answers: Record<string, () => unknown> = {
    'settings:get': () => settings,
    'nodes:list': () => state.nodes,
    'alerts:list': () => state.alerts,
  };
  const app = new EventEmitter() as EventEmitter & { quit: () => void; quits: number };
  app.quits = 0;
  app.quit = () => void (app.quits += 1);
  const shownRoutes: (string | undefined)[] = [];
  const summaries: string[] = [];
  const loginItem: boolean[] = [];
  const deps: BackgroundDeps = {
    core: {
      events,
      dispatch: (method) => Promise.resolve({ ok: true, value: answers[method]?.() }),
    },
    app: app as unknown as Pick<App, 'on' | 'quit'>,
    platform: 'linux',
    showWindow: (route) => void shownRoutes.push(route),
    tray: { setSummary: (summary) => void summaries.push(summary) },
    hintFile: join(dir.path, `hint-${Math.random()}`),
    applyStartAtLogin: (isEnabled) => void loginItem.push(isEnabled),
  };
  return { events, state, app, deps, shownRoutes, summaries, loginItem };
}

const defaults = () => settingsSchema.parse({});
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
};

beforeEach(() => {
  electron.shown.length = 0;
});

describe('background mode', () => {
  it('keeps the app when its last window closes, and quits when background mode is turned off', async () => {
    const w = world(defaults());
    const background = await runInBackground(w.deps);
    expect(background.keepsRunning()).toBe(true);
    w.app.emit('window-all-closed');
    expect(w.app.quits).toBe(0);
    w.events.emit('settings:changed', settingsSchema.parse({ desktop: { keepInBackground: false } }));
    expect(background.keepsRunning()).toBe(false);
    w.app.emit('window-all-closed');
    expect(w.app.quits).toBe(1);
  });

  it("opens an alert's page from its notification, with or without a window, and the window on the dock's activate", async () => {
    const w = world(defaults());
    await runInBackground(w.deps);
    w.events.emit('alerts:raised', alert({}));
    w.events.emit('alerts:raised', alert({ id: 2, deploymentId: null, title: 'rig is offline' }));
    expect(electron.shown.map((n) => n.title)).toEqual(['web keeps crashing', 'rig is offline']);
    electron.shown[1]!.click();
    electron.shown[0]!.click();
    w.app.emit('activate');
    expect(w.shownRoutes).toEqual(['#/nodes/n1', '#/deployments/d1', undefined]);
  });

  it("keeps the tray's line current as nodes and alerts change", async () => {
    const w = world(defaults());
    await runInBackground(w.deps);
    await until(() => w.summaries.length === 1);
    expect(w.summaries).toEqual(['1 of 2 servers online · no alerts']);
    w.state.alerts = [alert({}), alert({ id: 2, dismissedAt: '2026-12-06T11:00:00.000Z' })];
    w.events.emit('alerts:raised', alert({}));
    await until(() => w.summaries.length === 2);
    expect(w.summaries[1]).toBe('1 of 2 servers online · 1 open alert');
  });

  it('tells once where the app went when the window first hides, and follows "start at login"', async () => {
    const w = world(defaults());
    const background = await runInBackground(w.deps);
    background.onHidden();
    background.onHidden();
    expect(electron.shown.map((n) => n.title)).toEqual(['Hoster Desktop is still running']);
    expect(existsSync(w.deps.hintFile)).toBe(true);
    w.events.emit('settings:changed', settingsSchema.parse({ desktop: { startAtLogin: false } }));
    expect(w.loginItem).toEqual([true, false]);
  });
});
