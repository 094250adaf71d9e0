import { Menu, Tray, type BrowserWindow } from 'electron';

export function createTray(iconPath: string, window: () => BrowserWindow | null, quit: () => void): Tray {
  const tray = new Tray(iconPath);
  tray.setToolTip('Hoster Desktop');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      {
        label: 'Show Hoster Desktop',
        click: () => {
          const current = window();
          current?.show();
          current?.focus();
        },
      },
      { type: 'separator' },
      { label: 'Quit', click: quit },
    ]),
  );
  return tray;
}
