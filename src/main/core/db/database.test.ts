import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { openDatabase } from './database';
import type { Migration } from './migrations';

const first: Migration = { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE a (id INTEGER PRIMARY KEY)') };
const second: Migration = { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id))') };

describe('openDatabase', () => {
  const dirs: { remove: () => void }[] = [];
  const temp = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir.path;
  };
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('creates a database at the latest schema with durable settings', () => {
    const file = join(temp(), 'nested', 'hoster.db');
    const { db, schemaVersion, backupFile } = openDatabase(file, [first, second]);
    expect(schemaVersion).toBe(2);
    expect(backupFile).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(() => db.prepare('INSERT INTO b (a_id) VALUES (42)').run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('copies an older database aside before migrating it', () => {
    const dir = temp();
    const file = join(dir, 'hoster.db');
    const old = openDatabase(file, [first]);
    old.db.prepare('INSERT INTO a (id) VALUES (7)').run();
    old.db.close();

    const { db, schemaVersion, backupFile } = openDatabase(file, [first, second], { now: () => new Date('2026-01-02T03:04:05Z') });
    expect(schemaVersion).toBe(2);
    expect(backupFile).not.toBeNull();
    const backup = new BetterSqlite3(backupFile!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT id FROM a').all()).toEqual([{ id: 7 }]);
    backup.close();
    expect(db.prepare('SELECT id FROM a').all()).toEqual([{ id: 7 }]);
    db.close();
  });

  it('refuses a database from a newer app and leaves the file byte-for-byte unchanged', () => {
    const dir = temp();
    const file = join(dir, 'hoster.db');
    const future = new BetterSqlite3(file);
    future.exec('CREATE TABLE from_the_future (x TEXT)');
    future.pragma('user_version = 99');
    future.close();
    const before = readFileSync(file);

    expect(() => openDatabase(file, [first, second])).toThrow(expect.objectContaining({ code: 'database_too_new' }));
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['hoster.db']);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
