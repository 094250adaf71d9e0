import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The argument a start at login passes: the app starts in the tray, without opening its window. */
export const HIDDEN_ARG = '--hidden';

export interface LoginItemHost {
  platform: NodeJS.Platform;
  /** The installed app's executable (an AppImage's own path where it runs as one). */
  executable: string;
  /** Linux: the XDG autostart folder (`~/.config/autostart`). */
  autostartDir: string;
  /** macOS and Windows: electron's `app.setLoginItemSettings`. */
  setLoginItemSettings: (settings: { openAtLogin: boolean; args: string[] }) => void;
}

const DESKTOP_FILE = 'hoster-desktop.desktop';

/** An XDG autostart entry; the path is quoted as the Desktop Entry spec asks. */
export const autostartEntry = (executable: string) =>
  [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hoster Desktop',
    'Comment=Watches your servers from the tray',
    `Exec="${executable.replace(/(["`$\\])/g, '\\$1')}" ${HIDDEN_ARG}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');

/**
 * Starts the app at login, or stops doing so: an autostart entry on Linux (electron's login items
 * cover only macOS and Windows), the OS's login items elsewhere. Either way it starts hidden.
 */
export function applyStartAtLogin(host: LoginItemHost, isEnabled: boolean): void {
  if (host.platform !== 'linux') {
    host.setLoginItemSettings({ openAtLogin: isEnabled, args: isEnabled ? [HIDDEN_ARG] : [] });
    return;
  }
  const file = join(host.autostartDir, DESKTOP_FILE);
  if (!isEnabled) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(host.autostartDir, { recursive: true });
  writeFileSync(file, autostartEntry(host.executable));
}
