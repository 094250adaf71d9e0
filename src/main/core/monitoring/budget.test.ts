import { settingsSchema } from '@shared/contract/settings';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { migrations } from '../db/migrations';
import { enforceBudget, measureMonitoringBytes } from './budget';
import { runRetention } from './retention';
import { createContainerRepository } from './store/container-repository';
import { createEventRepository } from './store/event-repository';
import { createLogRepository, type LogRepository } from './store/log-repository';
import { createStatsRepository } from './store/stats-repository';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

const START_MS = Date.parse('2026-12-01T00:00:00Z');
const TEXT = 'x'.repeat(2000);

/**
 * Three deployments over one day of a fleet: `old` wrote in its first hours, `busy` all day, `late`
 * only in its last hours, each a line a minute, their times interleaved.
 */
function fleet(): { db: Database; logs: LogRepository } {
  const { db } = openDatabase(':memory:', migrations);
  opened.push(db);
  const logs = createLogRepository(db);
  const write = (deploymentId: string, fromMinute: number, toMinute: number) =>
    logs.insert(
      Array.from({ length: toMinute - fromMinute }, (_, i) => ({
        deploymentId,
        service: 'app',
        containerId: deploymentId,
        stream: 1 as const,
        atUs: (START_MS + (fromMinute + i) * 60_000 + deploymentId.length) * 1000,
        text: `${deploymentId} ${fromMinute + i} ${TEXT}`,
      })),
    );
  write('old', 0, 300);
  write('busy', 0, 1440);
  write('late', 1200, 1440);
  return { db, logs };
}

const timesOf = (logs: LogRepository) =>
  ['old', 'busy', 'late'].flatMap((deploymentId) =>
    logs
      .page({ deploymentId, services: [], streams: [], search: '' }, 0, 2000, false)
      .lines.map((line) => Date.parse(line.at)),
  );

describe('the fleet-wide data budget', () => {
  it('trims the oldest lines of the whole fleet first until the data is back under it', async () => {
    const { db, logs } = fleet();
    const before = measureMonitoringBytes(db, logs);
    const timesBefore = timesOf(logs);
    const budget = Math.floor(before.total * 0.6);

    const freed = await enforceBudget(db, logs, budget, START_MS + 1440 * 60_000);

    const after = measureMonitoringBytes(db, logs);
    expect(freed).toBeGreaterThan(0);
    expect(after.total).toBeLessThanOrEqual(budget);
    expect(after.logs).toBe(before.logs - freed);
    const kept = timesOf(logs);
    const removed = timesBefore.filter((at) => !kept.includes(at));
    expect(removed.length).toBe(timesBefore.length - kept.length);
    // Oldest first across deployments: every line removed is older than every line kept.
    expect(Math.max(...removed)).toBeLessThan(Math.min(...kept));
    expect(logs.usageOf('old')).toBe(0);
    expect(logs.page({ deploymentId: 'late', services: [], streams: [], search: '' }, 0, 1, true).total).toBe(
      240,
    );
  });

  it('leaves every line where the data is within the budget', async () => {
    const { db, logs } = fleet();
    const before = measureMonitoringBytes(db, logs);
    expect(await enforceBudget(db, logs, before.total + 1, START_MS + 1440 * 60_000)).toBe(0);
    expect(measureMonitoringBytes(db, logs)).toEqual(before);
  });

  it('counts stats and events apart from logs', () => {
    const { db, logs } = fleet();
    const measured = measureMonitoringBytes(db, logs);
    expect(measured.logs).toBe(logs.usage().reduce((sum, row) => sum + row.bytes, 0));
    expect(measured.stats).toBeGreaterThan(0);
    expect(measured.events).toBeGreaterThan(0);
    expect(measured.total).toBe(measured.logs + measured.stats + measured.events);
  });
});

describe('the retention pass', () => {
  it('keeps the data budget from the setting', async () => {
    const { db, logs } = fleet();
    const before = measureMonitoringBytes(db, logs);
    const budgetBytes = Math.floor(before.total / 2);
    const settings = {
      ...settingsSchema.parse({}).monitoring,
      dataBudgetMegabytes: budgetBytes / 1024 / 1024,
    };
    const result = await runRetention({
      settings: () => settings,
      db,
      clock: { now: () => new Date(START_MS + 1440 * 60_000) },
      logs,
      stats: createStatsRepository(db),
      events: createEventRepository(db),
      containers: createContainerRepository(db),
    });
    expect(result.budgetFreedBytes).toBeGreaterThan(0);
    expect(measureMonitoringBytes(db, logs).total).toBeLessThanOrEqual(budgetBytes);
  });
});
