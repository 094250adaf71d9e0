import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const DATABASE_FILE_NAME = 'hoster.db';
export const VAULT_FILE_NAME = 'vault.json';
/** Browser mode's settings; on the desktop electron-store keeps a file of the same name here. */
export const SETTINGS_FILE_NAME = 'settings.json';

/**
 * The data folder holds customers, invoices, hosts and the vault: no other local user may list or
 * read it. The folder's mode alone would do on one disk, but a file copied out of it (a backup, a
 * support bundle) keeps its own mode, so the files are narrowed as well.
 */
export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Sets an owner-only mode on a file or folder that may not exist. On Windows a mode means nothing
 * (chmod only flips the read-only flag); the profile folder's ACLs keep other users out there.
 */
export function restrictToOwner(
  path: string,
  mode: number,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform === 'win32') return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates the folder owner-only, and narrows a folder and files that an older version or a restore left wider. */
export function securePrivateFolder(
  dir: string,
  fileNames: readonly string[],
  platform: NodeJS.Platform = process.platform,
): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  restrictToOwner(dir, PRIVATE_FOLDER_MODE, platform);
  for (const name of fileNames) restrictToOwner(join(dir, name), PRIVATE_FILE_MODE, platform);
}
