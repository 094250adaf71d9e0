import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  open: () => void;
  /** "Pause monitoring": stats stop until unticked; logs, events and alerts go on. */
  setPaused: (paused: boolean) => void;
  quit: () => void;
}

/** The tray's menu: open the window, how the fleet is (a line that cannot be clicked), pause monitoring, quit. */
export function trayMenu(
  summary: string,
  isPaused: boolean,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Hoster Desktop', click: actions.open },
    { type: 'separator' },
    { label: summary, enabled: false },
    {
      label: 'Pause monitoring',
      type: 'checkbox',
      checked: isPaused,
      click: (item) => actions.setPaused(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit Hoster Desktop', click: actions.quit },
  ];
}

/**
 * The tray icon that keeps the app within reach while its window is closed: a click opens the
 * window, its menu shows the fleet's state, pauses monitoring and quits. `setSummary` keeps the
 * state line current.
 */
export function createTray(iconPath: string, actions: TrayActions) {
  const tray = new Tray(iconPath);
  tray.on('click', actions.open);
  let summary = 'Checking your servers…';
  let isPaused = false;
  const render = () => {
    tray.setToolTip(`Hoster Desktop — ${isPaused ? 'monitoring paused' : summary}`);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenu(summary, isPaused, {
          ...actions,
          setPaused: (paused) => {
            isPaused = paused;
            actions.setPaused(paused);
            render();
          },
        }),
      ),
    );
  };
  render();
  return {
    setSummary: (next: string) => {
      summary = next;
      render();
    },
    destroy: () => tray.destroy(),
  };
}
