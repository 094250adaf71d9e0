import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Database } from '../../db/database';
import { countLines, downloadText, isoOf, LINE_OVERHEAD_BYTES, readPage, type LogQuery } from './log-query';

export { LINE_OVERHEAD_BYTES, MAX_DOWNLOAD_BYTES, searchPhrase, type LogQuery } from './log-query';

export interface NewLogLine {
  deploymentId: string;
  service: string;
  containerId: string;
  stream: 1 | 2;
  atUs: number;
  text: string;
}

const TRIM_STEP_LINES = 5000;
/** Bounds the steps of one trim (a million lines at most); the next trim goes on from there. */
const TRIM_MAX_STEPS = 200;

/**
 * Trims a deployment's logs to its limits in steps of a few thousand lines, yielding to the event
 * loop between steps: lines older than `minAtUs` go, and past `maxBytes` the oldest go until it is
 * back to 90 % (so trims stay rare). `maxBytes` 0 and `minAtUs` Infinity clear it.
 */
export async function trimLogs(
  logs: LogRepository,
  deploymentId: string,
  maxBytes: number,
  minAtUs: number,
): Promise<number> {
  const keepBytes =
    logs.usageOf(deploymentId) > maxBytes ? Math.floor(maxBytes * 0.9) : Number.MAX_SAFE_INTEGER;
  let removed = 0;
  for (let step = 0; step < TRIM_MAX_STEPS; step += 1) {
    const { lines } = logs.trimOldest(deploymentId, keepBytes, minAtUs, TRIM_STEP_LINES);
    removed += lines;
    if (lines < TRIM_STEP_LINES) break;
    await yieldToLoop();
  }
  return removed;
}

const bytesOf = (text: string) => Buffer.byteLength(text) + LINE_OVERHEAD_BYTES;

/** Stores a batch in one transaction; keep batches to a few thousand lines so the app stays responsive. */
function createBatchInsert(db: Database) {
  const insertLine = db.prepare(
    'INSERT INTO log_lines (deployment_id, service, container_id, stream, at_us, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // One statement indexes the whole batch: far faster than a row-by-row insert into the index.
  const indexFrom = db.prepare(
    'INSERT INTO log_search (rowid, text) SELECT id, text FROM log_lines WHERE id >= ?',
  );
  const addUsage = db.prepare(
    `INSERT INTO log_usage (deployment_id, lines, bytes) VALUES (?, ?, ?)
     ON CONFLICT (deployment_id) DO UPDATE SET lines = lines + excluded.lines, bytes = bytes + excluded.bytes`,
  );
  return db.transaction((lines: NewLogLine[]) => {
    if (lines.length === 0) return;
    const usage = new Map<string, { lines: number; bytes: number }>();
    let first: number | bigint | null = null;
    for (const line of lines) {
      const { lastInsertRowid } = insertLine.run(
        line.deploymentId,
        line.service,
        line.containerId,
        line.stream,
        line.atUs,
        line.text,
      );
      first ??= lastInsertRowid;
      const entry = usage.get(line.deploymentId) ?? { lines: 0, bytes: 0 };
      entry.lines += 1;
      entry.bytes += bytesOf(line.text);
      usage.set(line.deploymentId, entry);
    }
    indexFrom.run(first);
    for (const [deploymentId, entry] of usage) addUsage.run(deploymentId, entry.lines, entry.bytes);
  });
}

function removeWhere(db: Database, sql: string, params: (string | number)[]) {
  const freed = db
    .prepare(
      `SELECT count(*) AS lines, coalesce(sum(length(CAST(text AS BLOB))), 0) AS bytes FROM log_lines WHERE ${sql}`,
    )
    .get(...params) as { lines: number; bytes: number };
  if (freed.lines === 0) return { lines: 0, bytes: 0 };
  db.prepare(`DELETE FROM log_search WHERE rowid IN (SELECT id FROM log_lines WHERE ${sql})`).run(...params);
  db.prepare(`DELETE FROM log_lines WHERE ${sql}`).run(...params);
  return { lines: freed.lines, bytes: freed.bytes + freed.lines * LINE_OVERHEAD_BYTES };
}

const usageOf = (db: Database, deploymentId: string): number =>
  (
    db.prepare('SELECT bytes FROM log_usage WHERE deployment_id = ?').get(deploymentId) as
      { bytes: number } | undefined
  )?.bytes ?? 0;

function trimOldestStep(
  db: Database,
  deploymentId: string,
  keepBytes: number,
  minAtUs: number,
  maxLines: number,
): { lines: number; bytes: number } {
  const usage = usageOf(db, deploymentId);
  // Nothing due, as in most passes: one indexed row tells, instead of reading a step's worth of lines.
  const first = db
    .prepare('SELECT at_us FROM log_lines WHERE deployment_id = ? ORDER BY at_us, id LIMIT 1')
    .get(deploymentId) as { at_us: number } | undefined;
  if (!first || (first.at_us >= minAtUs && usage <= keepBytes)) return { lines: 0, bytes: 0 };
  const oldest = db
    .prepare(
      'SELECT id, at_us, length(CAST(text AS BLOB)) AS size FROM log_lines WHERE deployment_id = ? ORDER BY at_us, id LIMIT ?',
    )
    .all(deploymentId, maxLines) as { id: number; at_us: number; size: number }[];
  let freed = 0;
  let cut: { at_us: number; id: number } | null = null;
  for (const row of oldest) {
    if (row.at_us >= minAtUs && usage - freed <= keepBytes) break;
    freed += row.size + LINE_OVERHEAD_BYTES;
    cut = row;
  }
  if (!cut) return { lines: 0, bytes: 0 };
  const removed = removeWhere(db, 'deployment_id = ? AND (at_us < ? OR (at_us = ? AND id <= ?))', [
    deploymentId,
    cut.at_us,
    cut.at_us,
    cut.id,
  ]);
  db.prepare(
    'UPDATE log_usage SET lines = max(0, lines - ?), bytes = max(0, bytes - ?) WHERE deployment_id = ?',
  ).run(removed.lines, removed.bytes, deploymentId);
  return removed;
}

/** `stream|atUs|text` of a container's stored lines between two times: what a re-read must not store again. */
const storedKeys = (db: Database, deploymentId: string, containerId: string, fromUs: number, toUs: number) =>
  (
    db
      .prepare(
        'SELECT stream, at_us, text FROM log_lines WHERE deployment_id = ? AND at_us BETWEEN ? AND ? AND container_id = ?',
      )
      .all(deploymentId, fromUs, toUs, containerId) as { stream: number; at_us: number; text: string }[]
  ).map((row) => `${String(row.stream)}|${String(row.at_us)}|${row.text}`);

function lastAt(db: Database, deploymentId: string): string | null {
  const row = db
    .prepare('SELECT max(at_us) AS at FROM log_lines WHERE deployment_id = ?')
    .get(deploymentId) as { at: number | null };
  return row.at === null ? null : isoOf(row.at);
}

export function createLogRepository(db: Database) {
  return {
    insert: createBatchInsert(db),

    page: (query: LogQuery, offset: number | null, limit: number, withTotal: boolean) =>
      readPage(db, query, offset, limit, withTotal),

    /** How many kept lines come before `atUs`: the index to scroll to. */
    locate: (query: LogQuery, atUs: number) => ({
      index: countLines(db, query, ' AND l.at_us < ?', [atUs]),
      total: countLines(db, query),
    }),

    /** The newest lines that fit MAX_DOWNLOAD_BYTES, oldest first, one per row: time, service, stream, text. */
    download: (query: LogQuery) => downloadText(db, query),

    /**
     * One bounded step of trimming: deletes up to `maxLines` of the deployment's oldest lines that are
     * older than `minAtUs` or that keep its usage above `keepBytes`. Callers repeat it, yielding in
     * between, so a large trim never holds the database (and the app) for long.
     */
    trimOldest: db.transaction((deploymentId: string, keepBytes: number, minAtUs: number, maxLines: number) =>
      trimOldestStep(db, deploymentId, keepBytes, minAtUs, maxLines),
    ),

    storedKeys: (deploymentId: string, containerId: string, fromUs: number, toUs: number): string[] =>
      storedKeys(db, deploymentId, containerId, fromUs, toUs),

    usageOf: (deploymentId: string): number => usageOf(db, deploymentId),

    forgetUsage: (deploymentId: string) =>
      db.prepare('DELETE FROM log_usage WHERE deployment_id = ?').run(deploymentId),

    usage: () =>
      db.prepare('SELECT deployment_id AS deploymentId, lines, bytes FROM log_usage').all() as {
        deploymentId: string;
        lines: number;
        bytes: number;
      }[],
    lastAt: (deploymentId: string): string | null => lastAt(db, deploymentId),
  };
}

export type LogRepository = ReturnType<typeof createLogRepository>;
