import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { migrations } from '../../db/migrations';
import { createEventRepository } from './event-repository';
import {
  createLogRepository,
  LINE_OVERHEAD_BYTES,
  searchPhrase,
  trimLogs,
  type NewLogLine,
} from './log-repository';
import { createStatsRepository, type Sample } from './stats-repository';

const opened: Database[] = [];
const fresh = () => {
  const { db } = openDatabase(':memory:', migrations);
  opened.push(db);
  return db;
};
afterEach(() => opened.splice(0).forEach((db) => db.close()));

const line = (n: number, overrides: Partial<NewLogLine> = {}): NewLogLine => ({
  deploymentId: 'd1',
  service: n % 2 === 0 ? 'web' : 'db',
  containerId: 'c1',
  stream: n % 5 === 0 ? 2 : 1,
  atUs: 1_000_000 + n * 1000,
  text: `request ${n} handled GET /api/users/${n}`,
  ...overrides,
});
const query = { deploymentId: 'd1', services: [], streams: [], search: '' };

describe('log repository', () => {
  it('pages in time order, filters by service, stream and words, and finds a time', () => {
    const logs = createLogRepository(fresh());
    logs.insert(Array.from({ length: 100 }, (_, n) => line(n)));
    logs.insert([line(200, { deploymentId: 'd2' })]);
    const last = logs.page(query, null, 10, true);
    expect(last.total).toBe(100);
    expect(last.offset).toBe(90);
    expect(last.lines.map((l) => l.text.split(' ')[1])).toEqual([
      '90',
      '91',
      '92',
      '93',
      '94',
      '95',
      '96',
      '97',
      '98',
      '99',
    ]);
    expect(logs.page({ ...query, services: ['web'] }, 0, 5, true).total).toBe(50);
    const errors = logs.page({ ...query, streams: ['stderr'] }, 0, 100, true);
    expect(errors.total).toBe(20);
    expect(errors.lines.every((l) => l.stream === 'stderr')).toBe(true);
    expect(logs.page({ ...query, search: 'users/4' }, 0, 100, true).lines.map((l) => l.text)).toEqual(
      [4, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49].map((n) => `request ${n} handled GET /api/users/${n}`),
    );
    expect(logs.page({ ...query, search: '%' }, 0, 10, true).total).toBe(0);
    expect(logs.locate(query, 1_000_000 + 30 * 1000)).toEqual({ index: 30, total: 100 });
    expect(searchPhrase('GET /api/us')).toBe('"GET api us"*');
  });

  it('trims the oldest lines past the size cap and past the age limit in bounded steps, keeping the usage in step', async () => {
    const logs = createLogRepository(fresh());
    logs.insert(Array.from({ length: 12_000 }, (_, n) => line(n, { text: 'x'.repeat(40) })));
    const perLine = 40 + LINE_OVERHEAD_BYTES;
    expect(await trimLogs(logs, 'd1', perLine * 1000, 0)).toBe(11_100);
    expect(logs.usage()).toEqual([{ deploymentId: 'd1', lines: 900, bytes: perLine * 900 }]);
    expect(logs.page(query, 0, 1, true).lines[0]?.id).toBe(11_101);
    expect(await trimLogs(logs, 'd1', perLine * 1000, 1_000_000 + 11_990 * 1000)).toBe(890);
    expect(logs.page(query, 0, 100, true).total).toBe(10);
    expect(logs.page({ ...query, search: 'x' }, 0, 100, true).total).toBe(10);
    await trimLogs(logs, 'd1', 0, Number.POSITIVE_INFINITY);
    expect(logs.page(query, 0, 100, true).total).toBe(0);
  });

  it('downloads every kept line as text', () => {
    const logs = createLogRepository(fresh());
    logs.insert([line(2), line(5)]);
    const file = logs.download(query);
    expect(file).toEqual({
      text: '1970-01-01T00:00:01.002Z web stdout request 2 handled GET /api/users/2\n1970-01-01T00:00:01.005Z db stderr request 5 handled GET /api/users/5\n',
      lineCount: 2,
      isTruncated: false,
    });
  });
});

const sample = (cpu: number): Sample => ({
  cpuPercent: cpu,
  memoryBytes: cpu * 1000,
  memoryLimitBytes: 1e9,
  netRxPerSecond: null,
  netTxPerSecond: null,
  blockReadPerSecond: null,
  blockWritePerSecond: null,
  pids: 2,
  diskUsedBytes: null,
  diskTotalBytes: null,
});

describe('stats repository', () => {
  it('rolls raw samples into minutes and hours and reads each range from the tier that covers it', () => {
    const stats = createStatsRepository(fresh());
    const id = stats.seriesId({ nodeId: 'n1', deploymentId: 'd1', service: 'web' });
    expect(stats.seriesId({ nodeId: 'n1', deploymentId: 'd1', service: 'web' })).toBe(id);
    const hour = 3_600_000;
    const start = 108 * hour;
    stats.insert(
      Array.from({ length: 120 }, (_, i) => ({
        seriesId: id,
        at: start + i * 60_000,
        sample: sample(i < 60 ? 10 : 30),
      })),
    );
    const now = start + 2 * hour;
    stats.rollup(now);
    const kept = { raw: now - 0.5 * hour, minute: now - 24 * hour, hour: 0 };
    const day = stats.query([id], '24h', now, kept).get(id) ?? [];
    expect(day.length).toBeGreaterThan(0);
    expect(day.every((p) => p.pids === 2 && p.memoryLimitBytes === 1e9)).toBe(true);
    const months = stats.query([id], '90d', now, kept).get(id) ?? [];
    expect(months.map((p) => p.cpuPercent)).toEqual([20]);
    expect(stats.prune({ raw: now, minute: now, hour: 0 })).toBe(240);
    expect(stats.samplesOf('d1')).toBe(2);
    stats.clear('d1');
    expect(stats.samplesOf('d1')).toBe(0);
  });
});

describe('event repository', () => {
  it('keeps one open alert per problem and counts crashes since a time', () => {
    const events = createEventRepository(fresh());
    const alert = {
      kind: 'crash-loop' as const,
      severity: 'error' as const,
      nodeId: 'n1',
      deploymentId: 'd1',
      title: 't',
      message: 'm',
    };
    expect(events.raise(alert, '2026-01-01T00:00:00.000Z').isNew).toBe(true);
    expect(events.raise(alert, '2026-01-01T00:01:00.000Z').isNew).toBe(false);
    const base = {
      nodeId: 'n1',
      deploymentId: 'd1',
      service: 'web',
      containerId: 'c',
      kind: 'die' as const,
      severity: 'error' as const,
      message: 'died',
      exitCode: 3,
      source: 'docker' as const,
    };
    events.record([
      { ...base, at: '2026-01-01T00:00:01.000Z', crashes: 1 },
      { ...base, at: '2026-01-01T00:00:05.000Z', crashes: 1 },
      { ...base, at: '2026-01-01T00:00:09.000Z', crashes: 0 },
    ]);
    expect(events.crashesSince('d1', '2026-01-01T00:00:02.000Z')).toBe(1);
    expect(events.list('d1', 'n1', '', 2, undefined)).toMatchObject({
      hasMore: true,
      events: [{ at: '2026-01-01T00:00:09.000Z' }, { at: '2026-01-01T00:00:05.000Z' }],
    });
    expect(
      events.resolve({ kinds: ['crash-loop'], deploymentId: 'd1' }, '2026-01-01T00:02:00.000Z'),
    ).toHaveLength(1);
    expect(events.alerts({ includeResolved: false, limit: 10 })).toEqual([]);
    expect(events.raise(alert, '2026-01-01T00:03:00.000Z').isNew).toBe(true);
  });
});
