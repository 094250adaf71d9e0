import { describe, expect, it, vi } from 'vitest';
import { createTray } from './tray';

// Electron's binary cannot run in the unit suite: a fake Tray and Menu record the menu it was given.
const electron = vi.hoisted(() => {
  const state: {
    menu: {
      label?: string;
      enabled?: boolean;
      checked?: boolean;
      click?: (item: { checked: boolean }) => void;
    }[];
    tooltip: string;
    onClick?: () => void;
  } = {
    menu: [],
    tooltip: '',
  };
  class FakeTray {
    setToolTip(text: string) {
      state.tooltip = text;
    }
    setContextMenu(menu: typeof state.menu) {
      state.menu = menu;
    }
    on(_event: 'click', listener: () => void) {
      state.onClick = listener;
    }
    destroy() {}
  }
  return { Tray: FakeTray, Menu: { buildFromTemplate: (template: typeof state.menu) => template }, state };
});
vi.mock('electron', () => ({ Tray: electron.Tray, Menu: electron.Menu }));

const labels = () => electron.state.menu.map((item) => item.label ?? '—');

describe('the tray', () => {
  it("opens the window, shows the fleet's state as a line that cannot be clicked, and quits", () => {
    const done: string[] = [];
    const tray = createTray('icon.png', {
      open: () => done.push('open'),
      setPaused: () => undefined,
      quit: () => done.push('quit'),
    });
    tray.setSummary('1 of 2 servers online · no alerts');
    expect(labels()).toEqual([
      'Open Hoster Desktop',
      '—',
      '1 of 2 servers online · no alerts',
      'Pause monitoring',
      '—',
      'Quit Hoster Desktop',
    ]);
    expect(electron.state.menu[2]?.enabled).toBe(false);
    expect(electron.state.tooltip).toBe('Hoster Desktop — 1 of 2 servers online · no alerts');
    electron.state.menu[0]?.click?.({ checked: false });
    electron.state.onClick?.();
    electron.state.menu[5]?.click?.({ checked: false });
    expect(done).toEqual(['open', 'open', 'quit']);
  });

  it('pauses monitoring and resumes it, the box and the tooltip following', () => {
    const paused: boolean[] = [];
    createTray('icon.png', {
      open: () => undefined,
      setPaused: (p) => paused.push(p),
      quit: () => undefined,
    });
    electron.state.menu[3]?.click?.({ checked: true });
    expect(electron.state.menu[3]?.checked).toBe(true);
    expect(electron.state.tooltip).toBe('Hoster Desktop — monitoring paused');
    electron.state.menu[3]?.click?.({ checked: false });
    expect(electron.state.menu[3]?.checked).toBe(false);
    expect(paused).toEqual([true, false]);
  });
});
