import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { restrictToOwner, securePrivateFolder } from './data-folder';
import { openDataFolder } from './database';
import type { Migration } from './migrations';

const first: Migration = {
  version: 1,
  name: 'one',
  up: (db) => db.exec('CREATE TABLE a (id INTEGER PRIMARY KEY)'),
};
const second: Migration = {
  version: 2,
  name: 'two',
  up: (db) => db.exec('CREATE TABLE b (id INTEGER PRIMARY KEY)'),
};

const modeOf = (path: string) => statSync(path).mode & 0o777;
const modesIn = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, modeOf(join(dir, name))]));

/** Temporary folders for the tests of the calling `describe`, removed after each test. */
function useTempDirs(): () => string {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  return () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir.path;
  };
}

// The tests run on Debian (see the README); Windows has no modes to check, tested below by its platform name.
describe('the data folder is owner-only', () => {
  const temp = useTempDirs();

  it('creates a fresh folder at 0700 and the database, its WAL and shared memory at 0600', () => {
    const dir = join(temp(), 'Hoster Desktop');
    const { db } = openDataFolder(dir, [first, second]);
    db.prepare('INSERT INTO a (id) VALUES (1)').run();

    expect(modeOf(dir)).toBe(0o700);
    expect(modesIn(dir)).toEqual({ 'hoster.db': 0o600, 'hoster.db-wal': 0o600, 'hoster.db-shm': 0o600 });
    db.close();
  });

  it('narrows a folder and files an older version left readable by others, and nothing else in it', () => {
    const dir = join(temp(), 'Hoster Desktop');
    mkdirSync(dir);
    // An app that died with the database open leaves the WAL and shared memory behind; this one stays open.
    const old = new BetterSqlite3(join(dir, 'hoster.db'));
    old.pragma('journal_mode = WAL');
    first.up(old);
    old.pragma('user_version = 1');
    writeFileSync(join(dir, 'hoster.db.v1-2025-01-02T03-04-05-000Z.bak'), 'an earlier backup');
    writeFileSync(join(dir, 'vault.json'), '{}');
    writeFileSync(join(dir, 'settings.json'), '{}');
    writeFileSync(join(dir, 'Preferences'), 'a file of Electron’s');
    for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
    chmodSync(dir, 0o755);

    const { db, backupFile } = openDataFolder(dir, [first, second], {
      now: () => new Date('2026-03-04T05:06:07Z'),
    });

    expect(backupFile).toBe(join(dir, 'hoster.db.v1-2026-03-04T05-06-07-000Z.bak'));
    expect(modeOf(dir)).toBe(0o700);
    expect(modesIn(dir)).toEqual({
      'hoster.db': 0o600,
      'hoster.db-wal': 0o600,
      'hoster.db-shm': 0o600,
      'hoster.db.v1-2025-01-02T03-04-05-000Z.bak': 0o600,
      'hoster.db.v1-2026-03-04T05-06-07-000Z.bak': 0o600,
      'vault.json': 0o600,
      'settings.json': 0o600,
      Preferences: 0o644,
    });
    db.close();
    old.close();
  });
});

describe('owner-only modes where they do not apply', () => {
  const temp = useTempDirs();

  it('changes no mode on Windows, where a mode only flips the read-only flag', () => {
    const dir = temp();
    writeFileSync(join(dir, 'vault.json'), '{}');
    chmodSync(join(dir, 'vault.json'), 0o644);
    chmodSync(dir, 0o755);

    securePrivateFolder(dir, ['vault.json', 'settings.json'], 'win32');

    expect(modeOf(dir)).toBe(0o755);
    expect(modeOf(join(dir, 'vault.json'))).toBe(0o644);
  });

  it('passes over a file that is not there', () => {
    expect(() => restrictToOwner(join(temp(), 'settings.json'), 0o600)).not.toThrow();
  });
});
