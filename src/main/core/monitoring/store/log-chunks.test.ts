import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { migrations } from '../../db/migrations';
import { CHUNK_LINES } from '../../db/migrations/013-log-chunks';
import { createLogRepository, trimLogs, type NewLogLine } from './log-repository';

const opened: Database[] = [];
afterEach(() => {
  opened.splice(0).forEach((db) => db.close());
});

const line = (n: number, containerId = 'c1'): NewLogLine => ({
  deploymentId: 'd1',
  service: containerId === 'c1' ? 'web' : 'db',
  containerId,
  stream: n % 7 === 0 ? 2 : 1,
  atUs: 1_000_000 + n * 1000,
  text: n % 100 === 0 ? `error ${n}: connection timeout` : `GET /items/${n} 200`,
});
const query = { deploymentId: 'd1', services: [], streams: [], search: '' };
const count = (db: Database, sql: string) => db.prepare(sql).pluck().get() as number;

describe('log chunks', () => {
  it('seals full chunks, keeps the newest lines readable in the tail, and reads and searches both', () => {
    const { db } = openDatabase(':memory:', migrations);
    opened.push(db);
    const logs = createLogRepository(db);
    const total = CHUNK_LINES * 2 + 276;
    for (let n = 0; n < total; n += 100)
      logs.insert(Array.from({ length: Math.min(100, total - n) }, (_, k) => line(n + k)));
    expect(count(db, 'SELECT count(*) FROM log_chunks WHERE body IS NOT NULL')).toBe(2);
    expect(count(db, 'SELECT count(*) FROM log_tail')).toBe(276);
    const across = logs.page(query, CHUNK_LINES - 2, 4, true);
    expect(across.total).toBe(total);
    expect(across.lines.map((l) => [l.id, l.text])).toEqual(
      [510, 511, 512, 513].map((n) => [n + 1, `GET /items/${n} 200`]),
    );
    expect(logs.page(query, null, 1, false).lines[0]?.text).toBe(`GET /items/${total - 1} 200`);
    const found = logs.page({ ...query, search: 'connection time' }, 0, 100, true);
    expect(found.lines.map((l) => l.text)).toEqual(
      [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200].map(
        (n) => `error ${n}: connection timeout`,
      ),
    );
    expect(logs.page({ ...query, search: 'timeout connection' }, 0, 10, true).total).toBe(0);
    expect(logs.page({ ...query, search: 'items/1 200', streams: ['stderr'] }, 0, 10, true).total).toBe(0);
    expect(logs.locate({ ...query, search: 'connection' }, 1_000_000 + 1000 * 1000)).toEqual({ index: 10, total: 13 });
    expect(logs.storedKeys('d1', 'c1', 1_000_000 + 1020 * 1000, 1_000_000 + 1022 * 1000)).toEqual([
      '1|2020000|GET /items/1020 200',
      '1|2021000|GET /items/1021 200',
      '2|2022000|GET /items/1022 200',
    ]);
  });

  it('drops a chunk whole once its last line is trimmed, and keeps a partly trimmed one readable', async () => {
    const { db } = openDatabase(':memory:', migrations);
    opened.push(db);
    const logs = createLogRepository(db);
    const total = CHUNK_LINES * 2 + 100;
    logs.insert(Array.from({ length: total }, (_, n) => line(n, n % 2 === 0 ? 'c1' : 'c2')));
    expect(count(db, 'SELECT count(*) FROM log_chunks')).toBe(4);
    // Each container's sealed chunk holds its first 512 lines, up to line 1023: all of them go.
    const removed = await trimLogs(logs, 'd1', Number.MAX_SAFE_INTEGER, 1_000_000 + 1030 * 1000);
    expect(removed).toBe(1030);
    expect(count(db, 'SELECT count(*) FROM log_chunks')).toBe(2);
    expect(count(db, 'SELECT count(*) FROM log_chunk_search')).toBe(0);
    expect(logs.page(query, 0, 1, true)).toMatchObject({ total: total - 1030, lines: [{ id: 1031 }] });
    expect(logs.page({ ...query, search: 'timeout' }, 0, 10, true).lines.map((l) => l.text)).toEqual([
      'error 1100: connection timeout',
    ]);
    expect(logs.usage()[0]?.lines).toBe(total - 1030);
    await trimLogs(logs, 'd1', 0, Number.POSITIVE_INFINITY);
    expect(count(db, 'SELECT count(*) FROM log_chunks') + count(db, 'SELECT count(*) FROM log_tail')).toBe(0);
  });
});
