import type { LogLine, LogStream } from '@shared/contract/monitoring';
import type { Database } from '../../db/database';
import { createTextReader, deploymentKeyOf } from './log-chunk-store';
import { searchLines } from './log-search';
import { chunkQuery, lineMatcher } from './log-match';

export { LINE_OVERHEAD_BYTES } from '../../db/migrations/013-log-chunks';
/** Largest download: a text file, assembled in memory. */
export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;
const SCAN_STEP = 4096;

export interface LogQuery {
  deploymentId: string;
  services: string[];
  streams: LogStream[];
  search: string;
}

const streamCode = (stream: LogStream) => (stream === 'stdout' ? 1 : 2);
const streamName = (code: number): LogStream => (code === 2 ? 'stderr' : 'stdout');
export const isoOf = (atUs: number) => new Date(Math.floor(atUs / 1000)).toISOString();

/** User words as an FTS5 phrase, the last word a prefix: `GET /api/us` finds "GET /api/users". */
export function searchPhrase(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return null;
  return `"${words.join(' ')}"*`;
}

interface Row {
  id: number;
  at_us: number;
  source_key: number;
  stream: number;
  chunk_id: number;
  pos: number;
}

export interface Filter {
  /** The services of the deployment's sources, by key. */
  services: Map<number, string>;
  deploymentKey: number;
  /** The sources the query reads (all the deployment's, or its chosen services'). */
  sourceKeys: number[];
  stream: number | null;
  /** The chunk index query for the searched words; null when nothing or no word is searched. */
  words: string | null;
  sql: string;
  params: (string | number)[];
  /** Searched: only the lines whose text passes. */
  matches: ((text: string) => boolean) | null;
}

/** The query's index rows as SQL over `log_index i`, or null when the deployment has no lines. */
function queryFilter(db: Database, query: LogQuery): Filter | null {
  const deploymentKey = deploymentKeyOf(db, query.deploymentId);
  if (deploymentKey === null) return null;
  const clauses = ['i.deployment_key = ?'];
  const params: (string | number)[] = [deploymentKey];
  if (query.services.length > 0) {
    clauses.push(
      `i.source_key IN (SELECT key FROM log_sources WHERE deployment_key = ? AND service IN (${query.services.map(() => '?').join(', ')}))`,
    );
    params.push(deploymentKey, ...query.services);
  }
  if (query.streams.length === 1 && query.streams[0]) {
    clauses.push('i.stream = ?');
    params.push(streamCode(query.streams[0]));
  }
  const matches = lineMatcher(query.search);
  const words = matches ? chunkQuery(query.search) : null;
  if (words) {
    // Sealed chunks holding every word, and the open chunks, which are not indexed yet.
    clauses.push(
      `i.chunk_id IN (SELECT rowid FROM log_chunk_search WHERE log_chunk_search MATCH ?
        UNION ALL SELECT id FROM log_chunks WHERE body IS NULL)`,
    );
    params.push(words);
  }
  const sources = db
    .prepare('SELECT key, service FROM log_sources WHERE deployment_key = ?')
    .all(deploymentKey) as { key: number; service: string }[];
  const services = new Map(sources.map((source) => [source.key, source.service]));
  const sourceKeys = sources
    .filter((source) => query.services.length === 0 || query.services.includes(source.service))
    .map((source) => source.key);
  const stream = query.streams.length === 1 && query.streams[0] ? streamCode(query.streams[0]) : null;
  return { services, deploymentKey, sourceKeys, stream, words, sql: clauses.join(' AND '), params, matches };
}

const rowColumns = 'i.id, i.at_us, i.source_key, i.stream, i.chunk_id, i.pos';

/**
 * Visits the query's lines in time order (newest first if `isNewestFirst`) with their text, a few
 * thousand index rows at a time, until `visit` returns false.
 */
function scanLines(
  db: Database,
  filter: Filter,
  isNewestFirst: boolean,
  visit: (row: Row, text: string) => boolean,
  beforeUs = Number.MAX_SAFE_INTEGER,
): void {
  const [after, order] = isNewestFirst ? ['<', 'DESC'] : ['>', 'ASC'];
  const step = db.prepare(
    `SELECT ${rowColumns} FROM log_index i WHERE ${filter.sql} AND i.at_us < ? AND (i.at_us, i.id) ${after} (?, ?)
     ORDER BY i.at_us ${order}, i.id ${order} LIMIT ${String(SCAN_STEP)}`,
  );
  const textOf = createTextReader(db);
  let cursor = isNewestFirst ? [Number.MAX_SAFE_INTEGER, 0] : [Number.MIN_SAFE_INTEGER, 0];
  for (;;) {
    const rows = step.all(...filter.params, beforeUs, ...cursor) as Row[];
    for (const row of rows) {
      const text = textOf(row.chunk_id, row.pos);
      if (filter.matches && !filter.matches(text)) continue;
      if (!visit(row, text)) return;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < SCAN_STEP) return;
    cursor = [last.at_us, last.id];
  }
}

export function countLines(db: Database, query: LogQuery, beforeUs = Number.MAX_SAFE_INTEGER): number {
  const filter = queryFilter(db, query);
  if (!filter) return 0;
  if (!filter.matches) {
    const row = db
      .prepare(`SELECT count(*) AS n FROM log_index i WHERE ${filter.sql} AND i.at_us < ?`)
      .get(...filter.params, beforeUs) as { n: number };
    return row.n;
  }
  return searchLines(db, filter, filter.matches).filter((line) => line.atUs < beforeUs).length;
}

const lineOf = (filter: Filter, row: Row, text: string): LogLine => ({
  id: row.id,
  at: isoOf(row.at_us),
  service: filter.services.get(row.source_key) ?? '',
  stream: streamName(row.stream),
  text,
});

/** A search: every match is found to count them, the page's lines kept. */
function searchPage(db: Database, filter: Filter, matches: (text: string) => boolean, offset: number | null, limit: number) {
  const found = searchLines(db, filter, matches);
  const start = offset ?? Math.max(0, found.length - limit);
  const lines = found.slice(start, start + limit).map((line) => ({
    id: line.id,
    at: isoOf(line.atUs),
    service: filter.services.get(line.sourceKey) ?? '',
    stream: streamName(line.stream),
    text: line.text,
  }));
  return { lines, offset: start, total: found.length };
}

export function readPage(db: Database, query: LogQuery, offset: number | null, limit: number, withTotal: boolean) {
  const filter = queryFilter(db, query);
  if (!filter) return { lines: [], offset: offset ?? 0, total: withTotal || offset === null ? 0 : null };
  if (filter.matches) {
    const page = searchPage(db, filter, filter.matches, offset, limit);
    return { ...page, total: withTotal || offset === null ? page.total : null };
  }
  const total = withTotal || offset === null ? countLines(db, query) : null;
  const start = offset ?? Math.max(0, (total ?? 0) - limit);
  const rows = db
    .prepare(`SELECT ${rowColumns} FROM log_index i WHERE ${filter.sql} ORDER BY i.at_us, i.id LIMIT ? OFFSET ?`)
    .all(...filter.params, limit, start) as Row[];
  const textOf = createTextReader(db);
  return { lines: rows.map((row) => lineOf(filter, row, textOf(row.chunk_id, row.pos))), offset: start, total };
}

export function downloadText(db: Database, query: LogQuery) {
  const filter = queryFilter(db, query);
  const out: string[] = [];
  let bytes = 0;
  let isTruncated = false;
  if (filter)
    scanLines(db, filter, true, (row, text) => {
      const line = `${isoOf(row.at_us)} ${filter.services.get(row.source_key) ?? ''} ${streamName(row.stream)} ${text}\n`;
      bytes += Buffer.byteLength(line);
      isTruncated = bytes > MAX_DOWNLOAD_BYTES;
      if (!isTruncated) out.push(line);
      return !isTruncated;
    });
  return { text: out.reverse().join(''), lineCount: out.length, isTruncated };
}
