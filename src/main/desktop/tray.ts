import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  open: () => void;
  quit: () => void;
}

/** The tray's menu: open the window, how the fleet is (a line that cannot be clicked), quit. */
export function trayMenu(summary: string, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Hoster Desktop', click: actions.open },
    { type: 'separator' },
    { label: summary, enabled: false },
    { type: 'separator' },
    { label: 'Quit Hoster Desktop', click: actions.quit },
  ];
}

/**
 * The tray icon that keeps the app within reach while its window is closed: a click opens the
 * window, its menu shows the fleet's state and quits. `setSummary` keeps the state line current.
 */
export function createTray(iconPath: string, actions: TrayActions) {
  const tray = new Tray(iconPath);
  tray.setToolTip('Hoster Desktop');
  tray.on('click', actions.open);
  const setSummary = (summary: string) => {
    tray.setToolTip(`Hoster Desktop — ${summary}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu(summary, actions)));
  };
  setSummary('Checking your servers…');
  return { setSummary, destroy: () => tray.destroy() };
}
