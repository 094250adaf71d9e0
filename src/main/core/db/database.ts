import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '@shared/result';
import type { Migration } from './migrations';
import {
  DATABASE_FILE_NAME,
  PRIVATE_FILE_MODE,
  PRIVATE_FOLDER_MODE,
  restrictToOwner,
  securePrivateFolder,
  SETTINGS_FILE_NAME,
  VAULT_FILE_NAME,
} from './data-folder';

export type Database = BetterSqlite3.Database;

export interface OpenedDatabase {
  db: Database;
  file: string;
  schemaVersion: number;
  /** The copy taken before migrating, when there was a database to migrate. */
  backupFile: string | null;
}

function readUserVersion(file: string, nativeOptions: { nativeBinding?: string }): number {
  // Read-only, so a database we refuse to open is left byte-for-byte as it was.
  const probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...nativeOptions });
  try {
    return probe.pragma('user_version', { simple: true }) as number;
  } finally {
    probe.close();
  }
}

/** The database, its WAL and shared memory and the copies taken before migrations, as an older version left them. */
function restrictExistingFiles(file: string): void {
  const name = basename(file);
  const isOurs = (entry: string) =>
    entry === name ||
    entry === `${name}-wal` ||
    entry === `${name}-shm` ||
    (entry.startsWith(`${name}.v`) && entry.endsWith('.bak'));
  for (const entry of readdirSync(dirname(file))) {
    if (isOurs(entry)) restrictToOwner(join(dirname(file), entry), PRIVATE_FILE_MODE);
  }
}

export interface OpenDatabaseOptions {
  now?: () => Date;
  /** A better-sqlite3 binary built for another ABI (the desktop app in development runs Electron's). */
  nativeBinding?: string | undefined;
}

/**
 * Opens (or creates) the app database and brings it to the latest schema; its files are owner-only.
 * Refuses a database written by a newer app without changing a byte of it; copies an older one aside before migrating.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[],
  options: OpenDatabaseOptions = {},
): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  const nativeOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  let backupFile: string | null = null;

  if (existsSync(file)) {
    restrictExistingFiles(file);
    const found = readUserVersion(file, nativeOptions);
    if (found > latest) {
      throw new AppError(
        'database_too_new',
        `The database at ${file} was written by a newer Hoster Desktop (schema ${found}; this app knows up to ${latest}). ` +
          'Install the newer app, or move the file aside to start fresh. The file was not changed.',
        { details: { found, latest } },
      );
    }
    if (found < latest && found > 0) {
      backupFile = `${file}.v${found}-${now().toISOString().replace(/[:.]/g, '-')}.bak`;
      const source = new BetterSqlite3(file, { fileMustExist: true, ...nativeOptions });
      try {
        source.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        source.close();
      }
      copyFileSync(file, backupFile);
      restrictToOwner(backupFile, PRIVATE_FILE_MODE);
    }
  } else if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    // SQLite creates the -wal and -shm files with the database file's mode, so this one decides all three.
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  }

  const db = new BetterSqlite3(file, nativeOptions);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // State rows (deployments, jobs, invoices) must survive a power cut, so every commit is synced.
  db.pragma('synchronous = FULL');

  const current = db.pragma('user_version', { simple: true }) as number;
  const applied = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
  for (const migration of applied) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  // Outside any transaction, as VACUUM must be: gives the freed pages back to the disk.
  if (current > 0 && applied.some((m) => m.compactsAfter)) db.exec('VACUUM');

  return { db, file, schemaVersion: db.pragma('user_version', { simple: true }) as number, backupFile };
}

/**
 * What the core does with its data folder at start: make the folder, the vault and the settings
 * owner-only (0700, 0600), then open the database in it, whose own files get 0600 as well.
 */
export function openDataFolder(
  dir: string,
  migrations: readonly Migration[],
  options: OpenDatabaseOptions = {},
): OpenedDatabase {
  securePrivateFolder(dir, [VAULT_FILE_NAME, SETTINGS_FILE_NAME]);
  return openDatabase(join(dir, DATABASE_FILE_NAME), migrations, options);
}
