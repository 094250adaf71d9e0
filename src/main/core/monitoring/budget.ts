import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Database } from '../db/database';
import type { LogRepository } from './store/log-repository';

/** Lines one step may delete: a short write transaction, then the event loop gets a turn. */
const STEP_LINES = 500;
/** Bounds one pass (about a million lines); the next pass goes on from there. */
const MAX_STEPS = 500;
/** Past the budget, logs are trimmed until the whole is back to this share of it (so trims stay rare). */
const TRIM_TO = 0.9;

/** What monitoring data takes: logs by the log store's own counters, stats and events on disk. */
export interface MonitoringBytes {
  logs: number;
  stats: number;
  events: number;
  total: number;
}

const kindOf = (table: string): 'stats' | 'events' | null =>
  table.startsWith('metric_')
    ? 'stats'
    : table === 'monitoring_events' || table === 'alerts'
      ? 'events'
      : null;

/** Log text the store holds, by its own counters (one row per deployment). */
const textBytes = (logs: Pick<LogRepository, 'usage'>) =>
  logs.usage().reduce((sum, row) => sum + row.bytes, 0);

/**
 * Measures monitoring data: logs from the log store's usage counters (text and its measured share of
 * rows and indexes), stats and events as the pages their tables and indexes fill (`dbstat`).
 */
export function measureMonitoringBytes(db: Database, logs: Pick<LogRepository, 'usage'>): MonitoringBytes {
  const objects = db
    .prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')")
    .all() as {
    name: string;
    tbl_name: string;
  }[];
  // Asked one b-tree at a time, dbstat reads only the pages of stats and events, never the logs'.
  const pagesOf = db.prepare(
    'SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE name = ? AND aggregate = TRUE',
  );
  const bytes = { stats: 0, events: 0 };
  for (const { name, tbl_name: table } of objects) {
    const kind = kindOf(table);
    if (kind) bytes[kind] += (pagesOf.get(name) as { bytes: number }).bytes;
  }
  const logBytes = textBytes(logs);
  return { logs: logBytes, ...bytes, total: logBytes + bytes.stats + bytes.events };
}

/** Bytes the database file holds in pages in use: monitoring data is never more than this. */
const inUseBytes = (db: Database) =>
  ((db.pragma('page_count', { simple: true }) as number) -
    (db.pragma('freelist_count', { simple: true }) as number)) *
  (db.pragma('page_size', { simple: true }) as number);

/** Each deployment with stored lines and the time of its oldest one, in microseconds. */
function oldestLines(logs: Pick<LogRepository, 'usage' | 'page'>): { deploymentId: string; atUs: number }[] {
  const found: { deploymentId: string; atUs: number }[] = [];
  for (const { deploymentId, lines } of logs.usage()) {
    if (lines === 0) continue;
    const query = { deploymentId, services: [], streams: [], search: '' };
    const first = logs.page(query, 0, 1, false).lines[0];
    if (first) found.push({ deploymentId, atUs: Date.parse(first.at) * 1000 });
  }
  return found.sort((a, b) => a.atUs - b.atUs);
}

type TrimmableLogs = Pick<LogRepository, 'usage' | 'page' | 'trimOldest' | 'usageOf'>;

/**
 * One step of oldest-first trimming across the fleet: a cutoff time far enough past the oldest line
 * to free about `need` bytes at the fleet's average rate of log bytes, then every deployment loses
 * its lines older than the cutoff (at most a short transaction's worth each, yielding in between).
 * Returns the bytes freed; at least the oldest line goes, so every step makes progress.
 */
async function trimStep(logs: TrimmableLogs, need: number, nowUs: number): Promise<number> {
  const oldest = oldestLines(logs);
  const first = oldest[0];
  if (!first) return 0;
  const total = logs.usage().reduce((sum, row) => sum + row.bytes, 0);
  const bytesPerUs = total / Math.max(1, nowUs - first.atUs);
  const cutoff = first.atUs + Math.max(1000, Math.ceil(need / Math.max(bytesPerUs, 1e-9)));
  let freed = 0;
  for (const { deploymentId, atUs } of oldest) {
    if (atUs >= cutoff) break;
    const before = logs.usageOf(deploymentId);
    logs.trimOldest(deploymentId, Number.MAX_SAFE_INTEGER, cutoff, STEP_LINES);
    freed += before - logs.usageOf(deploymentId);
    await yieldToLoop();
  }
  return freed;
}

/**
 * Keeps all monitoring data within the fleet-wide budget: past it, the oldest log lines of the whole
 * fleet go first, in short steps with the event loop free between them, until it is back to 90 %.
 * Logs count as the text they hold, so the budget bounds the disk they take from above.
 */
export async function enforceBudget(
  db: Database,
  logs: TrimmableLogs,
  budgetBytes: number,
  nowMs: number,
): Promise<number> {
  // Stats and events are within the pages in use; logs count as their text (their chunks on disk are
  // smaller): when even that sum fits, nothing is measured.
  if (inUseBytes(db) + textBytes(logs) <= budgetBytes) return 0;
  const measured = measureMonitoringBytes(db, logs);
  if (measured.total <= budgetBytes) return 0;
  let need = measured.total - Math.floor(budgetBytes * TRIM_TO);
  let freed = 0;
  for (let step = 0; step < MAX_STEPS && need > 0; step += 1) {
    const bytes = await trimStep(logs, need, nowMs * 1000);
    if (bytes <= 0) break;
    freed += bytes;
    need -= bytes;
  }
  return freed;
}
