import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../../tests/helpers/temp-dir';
import { openDatabase, type Database } from '../../db/database';
import { migrations } from '../../db/migrations';
import { CHUNK_LINES } from '../../db/migrations/013-log-chunks';
import { createLogRepository, LINE_OVERHEAD_BYTES } from './log-repository';

const opened: Database[] = [];
const dirs: { remove: () => void }[] = [];
afterEach(() => {
  opened.splice(0).forEach((db) => db.close());
  dirs.splice(0).forEach((dir) => dir.remove());
});

const line = (n: number) => ({
  deploymentId: 'd1',
  service: n % 3 === 0 ? 'db' : 'web',
  containerId: n % 3 === 0 ? 'c2' : 'c1',
  stream: 1 as const,
  atUs: 1_000_000 + n * 1000,
  text: n % 100 === 0 ? `error ${n}: connection timeout` : `GET /items/${n} 200`,
});
const query = { deploymentId: 'd1', services: [], streams: [], search: '' };

describe('migration 013', () => {
  it('moves the lines of a row-per-line database into chunks, keeping their ids, order, search and usage', () => {
    const dir = makeTempDir('hoster-log-migration-');
    dirs.push(dir);
    const file = join(dir.path, 'hoster.db');
    const before = openDatabase(file, migrations.filter((m) => m.version < 13)).db;
    const insert = before.prepare(
      'INSERT INTO log_lines (id, deployment_id, service, container_id, stream, at_us, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const total = CHUNK_LINES + 300;
    for (let n = 0; n < total; n += 1) {
      const l = line(n);
      insert.run(n * 2 + 1, l.deploymentId, l.service, l.containerId, l.stream, l.atUs, l.text);
    }
    before.exec("INSERT INTO log_search (rowid, text) SELECT id, text FROM log_lines");
    before
      .prepare('INSERT INTO log_usage (deployment_id, lines, bytes) VALUES (?, ?, ?)')
      .run('d1', total, total * 180);
    before.close();

    const { db } = openDatabase(file, migrations);
    opened.push(db);
    const logs = createLogRepository(db);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('log_lines', 'log_search')").pluck().get()).toBe(0);
    // Compacted after migrating: the pages of the dropped tables went back to the disk.
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    const all = logs.page(query, 0, total, true);
    expect(all.total).toBe(total);
    expect(all.lines.map((l) => l.id)).toEqual(Array.from({ length: total }, (_, n) => n * 2 + 1));
    expect(all.lines[3]).toMatchObject({ service: 'db', stream: 'stdout', text: 'GET /items/3 200' });
    expect(logs.page({ ...query, search: 'connection timeout', services: ['db'] }, 0, 10, true).lines.map((l) => l.id)).toEqual([
      1, 601, 1201,
    ]);
    expect(logs.usage()).toEqual([{ deploymentId: 'd1', lines: total, bytes: total * (180 - 160 + LINE_OVERHEAD_BYTES) }]);
    logs.insert([line(total)]);
    expect(logs.page(query, null, 1, false).lines[0]).toMatchObject({ id: (total - 1) * 2 + 2, text: `GET /items/${total} 200` });
  });
});
