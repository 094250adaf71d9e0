import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LogLine, LogStream } from '@shared/contract/monitoring';
import type { Database } from '../../db/database';

/** What a stored line costs on disk beyond its text: row, ordering index and search postings (measured). */
export const LINE_OVERHEAD_BYTES = 160;
/** Largest download: a text file, assembled in memory. */
export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

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

export interface LogQuery {
  deploymentId: string;
  services: string[];
  streams: LogStream[];
  search: string;
}

const streamCode = (stream: LogStream) => (stream === 'stdout' ? 1 : 2);
const streamName = (code: number): LogStream => (code === 2 ? 'stderr' : 'stdout');
const isoOf = (atUs: number) => new Date(Math.floor(atUs / 1000)).toISOString();
const bytesOf = (text: string) => Buffer.byteLength(text) + LINE_OVERHEAD_BYTES;

/** User words as an FTS5 phrase, the last word a prefix: `GET /api/us` finds "GET /api/users". */
export function searchPhrase(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return null;
  return `"${words.join(' ')}"*`;
}

interface Row {
  id: number;
  at_us: number;
  service: string;
  stream: number;
  text: string;
}

export function createLogRepository(db: Database) {
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

  const where = (query: LogQuery) => {
    const clauses = ['l.deployment_id = ?'];
    const params: (string | number)[] = [query.deploymentId];
    if (query.services.length > 0) {
      clauses.push(`l.service IN (${query.services.map(() => '?').join(', ')})`);
      params.push(...query.services);
    }
    if (query.streams.length === 1 && query.streams[0]) {
      clauses.push('l.stream = ?');
      params.push(streamCode(query.streams[0]));
    }
    const search = query.search.trim();
    if (search) {
      const phrase = searchPhrase(search);
      if (phrase) {
        clauses.push('l.id IN (SELECT rowid FROM log_search WHERE log_search MATCH ?)');
        params.push(phrase);
      } else {
        clauses.push("l.text LIKE ? ESCAPE '\\'");
        params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
    }
    return { sql: clauses.join(' AND '), params };
  };

  const count = (query: LogQuery, extra = '', extraParams: number[] = []): number => {
    const filter = where(query);
    const row = db
      .prepare(`SELECT count(*) AS n FROM log_lines l WHERE ${filter.sql}${extra}`)
      .get(...filter.params, ...extraParams) as { n: number };
    return row.n;
  };

  const removeWhere = (sql: string, params: (string | number)[]) => {
    const freed = db
      .prepare(
        `SELECT count(*) AS lines, coalesce(sum(length(CAST(text AS BLOB))), 0) AS bytes FROM log_lines WHERE ${sql}`,
      )
      .get(...params) as { lines: number; bytes: number };
    if (freed.lines === 0) return { lines: 0, bytes: 0 };
    db.prepare(`DELETE FROM log_search WHERE rowid IN (SELECT id FROM log_lines WHERE ${sql})`).run(
      ...params,
    );
    db.prepare(`DELETE FROM log_lines WHERE ${sql}`).run(...params);
    return { lines: freed.lines, bytes: freed.bytes + freed.lines * LINE_OVERHEAD_BYTES };
  };

  return {
    /** Stores a batch in one transaction; keep batches to a few thousand lines so the app stays responsive. */
    insert: db.transaction((lines: NewLogLine[]) => {
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
    }),

    page(query: LogQuery, offset: number | null, limit: number, withTotal: boolean) {
      const total = withTotal || offset === null ? count(query) : null;
      const start = offset ?? Math.max(0, (total ?? 0) - limit);
      const filter = where(query);
      const rows = db
        .prepare(
          `SELECT l.id, l.at_us, l.service, l.stream, l.text FROM log_lines l WHERE ${filter.sql} ORDER BY l.at_us, l.id LIMIT ? OFFSET ?`,
        )
        .all(...filter.params, limit, start) as Row[];
      const lines: LogLine[] = rows.map((row) => ({
        id: row.id,
        at: isoOf(row.at_us),
        service: row.service,
        stream: streamName(row.stream),
        text: row.text,
      }));
      return { lines, offset: start, total };
    },

    /** How many kept lines come before `atUs`: the index to scroll to. */
    locate: (query: LogQuery, atUs: number) => ({
      index: count(query, ' AND l.at_us < ?', [atUs]),
      total: count(query),
    }),

    /** The newest lines that fit MAX_DOWNLOAD_BYTES, oldest first, one per row: time, service, stream, text. */
    download(query: LogQuery) {
      const filter = where(query);
      const rows = db
        .prepare(
          `SELECT l.id, l.at_us, l.service, l.stream, l.text FROM log_lines l WHERE ${filter.sql} ORDER BY l.at_us DESC, l.id DESC`,
        )
        .iterate(...filter.params) as IterableIterator<Row>;
      const out: string[] = [];
      let bytes = 0;
      let isTruncated = false;
      for (const row of rows) {
        const line = `${isoOf(row.at_us)} ${row.service} ${streamName(row.stream)} ${row.text}\n`;
        bytes += Buffer.byteLength(line);
        if (bytes > MAX_DOWNLOAD_BYTES) {
          isTruncated = true;
          break;
        }
        out.push(line);
      }
      return { text: out.reverse().join(''), lineCount: out.length, isTruncated };
    },

    /**
     * One bounded step of trimming: deletes up to `maxLines` of the deployment's oldest lines that are
     * older than `minAtUs` or that keep its usage above `keepBytes`. Callers repeat it, yielding in
     * between, so a large trim never holds the database (and the app) for long.
     */
    trimOldest: db.transaction(
      (deploymentId: string, keepBytes: number, minAtUs: number, maxLines: number) => {
        const usage =
          (
            db.prepare('SELECT bytes FROM log_usage WHERE deployment_id = ?').get(deploymentId) as
              { bytes: number } | undefined
          )?.bytes ?? 0;
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
        const removed = removeWhere('deployment_id = ? AND (at_us < ? OR (at_us = ? AND id <= ?))', [
          deploymentId,
          cut.at_us,
          cut.at_us,
          cut.id,
        ]);
        db.prepare(
          'UPDATE log_usage SET lines = max(0, lines - ?), bytes = max(0, bytes - ?) WHERE deployment_id = ?',
        ).run(removed.lines, removed.bytes, deploymentId);
        return removed;
      },
    ),

    /** `stream|atUs|text` of a container's stored lines between two times: what a re-read must not store again. */
    storedKeys: (deploymentId: string, containerId: string, fromUs: number, toUs: number): string[] =>
      (
        db
          .prepare(
            'SELECT stream, at_us, text FROM log_lines WHERE deployment_id = ? AND at_us BETWEEN ? AND ? AND container_id = ?',
          )
          .all(deploymentId, fromUs, toUs, containerId) as { stream: number; at_us: number; text: string }[]
      ).map((row) => `${String(row.stream)}|${String(row.at_us)}|${row.text}`),

    usageOf: (deploymentId: string): number =>
      (
        db.prepare('SELECT bytes FROM log_usage WHERE deployment_id = ?').get(deploymentId) as
          { bytes: number } | undefined
      )?.bytes ?? 0,

    forgetUsage: (deploymentId: string) =>
      db.prepare('DELETE FROM log_usage WHERE deployment_id = ?').run(deploymentId),

    usage: () =>
      db.prepare('SELECT deployment_id AS deploymentId, lines, bytes FROM log_usage').all() as {
        deploymentId: string;
        lines: number;
        bytes: number;
      }[],
    lastAt(deploymentId: string): string | null {
      const row = db
        .prepare('SELECT max(at_us) AS at FROM log_lines WHERE deployment_id = ?')
        .get(deploymentId) as { at: number | null };
      return row.at === null ? null : isoOf(row.at);
    },
  };
}

export type LogRepository = ReturnType<typeof createLogRepository>;
