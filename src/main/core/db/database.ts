import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '@shared/result';
import type { Migration } from './migrations';

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

/**
 * Opens (or creates) the app database and brings it to the latest schema.
 * Refuses a database written by a newer app without touching it; copies an older one aside before migrating.
 */
export interface OpenDatabaseOptions {
  now?: () => Date;
  /** A better-sqlite3 binary built for another ABI (the desktop app in development runs Electron's). */
  nativeBinding?: string | undefined;
}

export function openDatabase(file: string, migrations: readonly Migration[], options: OpenDatabaseOptions = {}): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  const nativeOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  let backupFile: string | null = null;

  if (existsSync(file)) {
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
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
  }

  const db = new BetterSqlite3(file, nativeOptions);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // State rows (deployments, jobs, invoices) must survive a power cut, so every commit is synced.
  db.pragma('synchronous = FULL');

  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }

  return { db, file, schemaVersion: db.pragma('user_version', { simple: true }) as number, backupFile };
}
