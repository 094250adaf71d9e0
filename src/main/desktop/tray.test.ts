import { describe, expect, it, vi } from 'vitest';
import { createTray } from './tray';

// Electron's binary cannot run in the unit suite: a fake Tray and Menu record the menu it was given.
const electron = vi.hoisted(() => {
  const state: {
    menu: { label?: string; enabled?: boolean; click?: () => void }[];
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

describe('the tray', () => {
  it("opens the window, shows the fleet's state as a line that cannot be clicked, and quits", () => {
    const done: string[] = [];
    const tray = createTray('icon.png', { open: () => done.push('open'), quit: () => done.push('quit') });
    tray.setSummary('1 of 2 servers online · no alerts');
    const labels = electron.state.menu.map((item) => item.label ?? '—');
    expect(labels).toEqual([
      'Open Hoster Desktop',
      '—',
      '1 of 2 servers online · no alerts',
      '—',
      'Quit Hoster Desktop',
    ]);
    expect(electron.state.menu[2]?.enabled).toBe(false);
    expect(electron.state.tooltip).toBe('Hoster Desktop — 1 of 2 servers online · no alerts');
    electron.state.menu[0]?.click?.();
    electron.state.onClick?.();
    electron.state.menu[4]?.click?.();
    expect(done).toEqual(['open', 'open', 'quit']);
  });
});
