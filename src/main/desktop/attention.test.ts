import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopAttention } from './attention';

// Electron's binary cannot run in the unit suite: a fake powerMonitor answers as told.
const electron = vi.hoisted(() => ({ isOnBattery: false }));
vi.mock('electron', () => ({ powerMonitor: { isOnBatteryPower: () => electron.isOnBattery } }));

class FakeWindow extends EventEmitter {
  visible = true;
  minimized = false;
  isVisible = () => this.visible;
  isMinimized = () => this.minimized;
}

describe('desktop attention', () => {
  let clock = 1000;
  beforeEach(() => {
    clock = 1000;
    electron.isOnBattery = false;
  });
  const watched = (window: FakeWindow) => {
    const attention = createDesktopAttention(() => clock);
    attention.watch(window as never);
    return attention.port;
  };

  it('reads battery power from the power monitor at each ask', () => {
    const port = watched(new FakeWindow());
    expect(port.isOnBattery()).toBe(false);
    electron.isOnBattery = true;
    expect(port.isOnBattery()).toBe(true);
  });

  it('remembers when the window was first hidden or minimized, until it is shown again', () => {
    const window = new FakeWindow();
    const port = watched(window);
    expect(port.windowHiddenSince()).toBeNull();
    window.emit('minimize');
    clock = 5000;
    window.emit('hide');
    expect(port.windowHiddenSince()).toBe(1000);
    window.emit('restore');
    expect(port.windowHiddenSince()).toBeNull();
    window.emit('hide');
    window.emit('show');
    expect(port.windowHiddenSince()).toBeNull();
    window.emit('closed');
    expect(port.windowHiddenSince()).toBe(5000);
  });

  it('counts a window that is not shown yet as hidden from the start', () => {
    const window = new FakeWindow();
    window.visible = false;
    expect(watched(window).windowHiddenSince()).toBe(1000);
  });
});
