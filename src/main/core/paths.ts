import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Hoster Desktop';

/** The same folder Electron's `app.getPath('userData')` gives, so both modes share one database. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HOSTER_DATA_DIR) return env.HOSTER_DATA_DIR;
  switch (platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
  }
}
