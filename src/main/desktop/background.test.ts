import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { alertRoute, createWindowKeeper, fleetSummary, hideOnClose, isRoute } from './background';

/** The parts of a BrowserWindow the background mode uses, recording what it was told. */
class FakeWindow extends EventEmitter {
  calls: string[] = [];
  isDestroyedNow = false;
  isMinimizedNow = false;
  webContents = { executeJavaScript: (code: string) => (this.calls.push(`js ${code}`), Promise.resolve()) };
  constructor(readonly route?: string) {
    super();
  }
  isDestroyed = () => this.isDestroyedNow;
  isMinimized = () => this.isMinimizedNow;
  restore = () => void this.calls.push('restore');
  show = () => void this.calls.push('show');
  hide = () => void this.calls.push('hide');
  focus = () => void this.calls.push('focus');
  /** What electron does when the user closes it: `close`, then `closed` unless prevented. */
  userCloses(): boolean {
    const event = { isPrevented: false, preventDefault: () => (event.isPrevented = true) };
    this.emit('close', event);
    if (!event.isPrevented) {
      this.isDestroyedNow = true;
      this.emit('closed');
    }
    return !event.isPrevented;
  }
}
const asWindow = (window: FakeWindow) => window as unknown as BrowserWindow;

describe('closing the window', () => {
  const setUp = (keepsRunning: boolean, isQuitting = false) => {
    const window = new FakeWindow();
    let hidden = 0;
    hideOnClose(asWindow(window), {
      isQuitting: () => isQuitting,
      keepsRunning: () => keepsRunning,
      onHidden: () => (hidden += 1),
    });
    return { window, hidden: () => hidden };
  };

  it('hides it while the app keeps running in the background', () => {
    const { window, hidden } = setUp(true);
    expect(window.userCloses()).toBe(false);
    expect(window.calls).toEqual(['hide']);
    expect(hidden()).toBe(1);
  });

  it('closes it when background mode is off, or when the app is quitting', () => {
    expect(setUp(false).window.userCloses()).toBe(true);
    const quitting = setUp(true, true);
    expect(quitting.window.userCloses()).toBe(true);
    expect(quitting.hidden()).toBe(0);
  });
});

describe('the window keeper', () => {
  it('shows the window it has, on the page asked for, and makes a new one after a real close', () => {
    const made: FakeWindow[] = [];
    const keeper = createWindowKeeper((route) => {
      const window = new FakeWindow(route);
      made.push(window);
      return asWindow(window);
    });
    keeper.show();
    const first = made[0]!;
    first.isMinimizedNow = true;
    keeper.show('#/deployments/d-1');
    expect(made).toHaveLength(1);
    expect(first.calls).toEqual(['js location.hash = "#/deployments/d-1"', 'restore', 'show', 'focus']);

    first.userCloses();
    expect(keeper.current()).toBeNull();
    keeper.show('#/nodes/n-1');
    expect(made.map((window) => window.route)).toEqual([undefined, '#/nodes/n-1']);
  });

  it('never sends anything but a route of its own to the page', () => {
    const made: FakeWindow[] = [];
    const keeper = createWindowKeeper(() => {
      const window = new FakeWindow();
      made.push(window);
      return asWindow(window);
    });
    keeper.show();
    keeper.show('#/nodes/x"; alert(1); "');
    expect(made[0]!.calls).toEqual(['show', 'focus']);
    expect(isRoute('#/deployments/abc-1/logs')).toBe(true);
    expect(isRoute('javascript:alert(1)')).toBe(false);
  });
});

describe("the tray's line and an alert's page", () => {
  it('counts the servers online, leaving out those in maintenance, and the open alerts', () => {
    expect(fleetSummary([], 0)).toBe('No servers yet');
    const nodes = [
      { status: 'online' as const },
      { status: 'offline' as const },
      { status: 'maintenance' as const },
    ];
    expect(fleetSummary(nodes, 0)).toBe('1 of 2 servers online · no alerts');
    expect(fleetSummary([{ status: 'online' }], 1)).toBe('1 of 1 server online · 1 open alert');
  });

  it("opens the alert's deployment, or its node when it has none", () => {
    expect(alertRoute({ deploymentId: 'd 1', nodeId: 'n1' })).toBe('#/deployments/d%201');
    expect(alertRoute({ deploymentId: null, nodeId: 'n1' })).toBe('#/nodes/n1');
  });
});
