import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Database } from '../../db/database';
import { bytesOf, createBatchInsert, createTextReader, deploymentKeyOf } from './log-chunk-store';
import { countLines, downloadText, isoOf, readPage, type LogQuery } from './log-query';

export { LINE_OVERHEAD_BYTES, MAX_DOWNLOAD_BYTES, searchPhrase, type LogQuery } from './log-query';

export type { NewLogLine } from './log-chunk-store';

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

function removeChunkLines(db: Database, perChunk: Map<number, number>) {
  const less = db.prepare('UPDATE log_chunks SET live = live - ? WHERE id = ? RETURNING live, body IS NULL AS isOpen');
  const dropSearch = db.prepare('DELETE FROM log_chunk_search WHERE rowid = ?');
  const dropTail = db.prepare('DELETE FROM log_tail WHERE chunk_id = ?');
  const dropChunk = db.prepare('DELETE FROM log_chunks WHERE id = ?');
  for (const [chunkId, lines] of perChunk) {
    const left = less.get(lines, chunkId) as { live: number; isOpen: number } | undefined;
    if (!left || left.live > 0) continue;
    // Its last line went: the whole chunk goes, in one step.
    if (left.isOpen) dropTail.run(chunkId);
    else dropSearch.run(chunkId);
    dropChunk.run(chunkId);
  }
}

const usageOf = (db: Database, deploymentId: string): number =>
  (
    db.prepare('SELECT bytes FROM log_usage WHERE deployment_id = ?').get(deploymentId) as
      { bytes: number } | undefined
  )?.bytes ?? 0;

interface Oldest {
  id: number;
  at_us: number;
  chunk_id: number;
  pos: number;
}

function trimOldestStep(
  db: Database,
  deploymentId: string,
  keepBytes: number,
  minAtUs: number,
  maxLines: number,
): { lines: number; bytes: number } {
  const usage = usageOf(db, deploymentId);
  const deploymentKey = deploymentKeyOf(db, deploymentId);
  // Nothing due, as in most passes: one indexed row tells, instead of reading a step's worth of lines.
  const first = db
    .prepare('SELECT at_us FROM log_index WHERE deployment_key = ? ORDER BY at_us, id LIMIT 1')
    .get(deploymentKey) as { at_us: number } | undefined;
  if (!first || (first.at_us >= minAtUs && usage <= keepBytes)) return { lines: 0, bytes: 0 };
  const oldest = db
    .prepare('SELECT id, at_us, chunk_id, pos FROM log_index WHERE deployment_key = ? ORDER BY at_us, id LIMIT ?')
    .all(deploymentKey, maxLines) as Oldest[];
  const textOf = createTextReader(db);
  const perChunk = new Map<number, number>();
  let freed = 0;
  let cut: Oldest | null = null;
  for (const row of oldest) {
    if (row.at_us >= minAtUs && usage - freed <= keepBytes) break;
    freed += bytesOf(textOf(row.chunk_id, row.pos));
    perChunk.set(row.chunk_id, (perChunk.get(row.chunk_id) ?? 0) + 1);
    cut = row;
  }
  if (!cut) return { lines: 0, bytes: 0 };
  const { changes } = db
    .prepare('DELETE FROM log_index WHERE deployment_key = ? AND (at_us, id) <= (?, ?)')
    .run(deploymentKey, cut.at_us, cut.id);
  removeChunkLines(db, perChunk);
  db.prepare(
    'UPDATE log_usage SET lines = max(0, lines - ?), bytes = max(0, bytes - ?) WHERE deployment_id = ?',
  ).run(changes, freed, deploymentId);
  return { lines: changes, bytes: freed };
}

/** `stream|atUs|text` of a container's stored lines between two times: what a re-read must not store again. */
function storedKeys(db: Database, deploymentId: string, containerId: string, fromUs: number, toUs: number) {
  const rows = db
    .prepare(
      `SELECT i.stream, i.at_us, i.chunk_id, i.pos FROM log_index i
       WHERE i.deployment_key = (SELECT key FROM log_deployments WHERE deployment_id = ?) AND i.at_us BETWEEN ? AND ?
         AND i.source_key IN (SELECT key FROM log_sources WHERE container_id = ?)`,
    )
    .all(deploymentId, fromUs, toUs, containerId) as { stream: number; at_us: number; chunk_id: number; pos: number }[];
  const textOf = createTextReader(db);
  return rows.map((row) => `${String(row.stream)}|${String(row.at_us)}|${textOf(row.chunk_id, row.pos)}`);
}

function lastAt(db: Database, deploymentId: string): string | null {
  const row = db
    .prepare(
      'SELECT max(at_us) AS at FROM log_index WHERE deployment_key = (SELECT key FROM log_deployments WHERE deployment_id = ?)',
    )
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
      index: countLines(db, query, atUs),
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
