import type { LogLine, LogStream } from '@shared/contract/monitoring';
import type { Database } from '../../db/database';

/** What a stored line costs on disk beyond its text: row, ordering index and search postings (measured). */
export const LINE_OVERHEAD_BYTES = 160;
/** Largest download: a text file, assembled in memory. */
export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

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
  service: string;
  stream: number;
  text: string;
}

function queryFilter(query: LogQuery) {
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
}

export function countLines(db: Database, query: LogQuery, extra = '', extraParams: number[] = []): number {
  const filter = queryFilter(query);
  const row = db
    .prepare(`SELECT count(*) AS n FROM log_lines l WHERE ${filter.sql}${extra}`)
    .get(...filter.params, ...extraParams) as { n: number };
  return row.n;
}

export function readPage(
  db: Database,
  query: LogQuery,
  offset: number | null,
  limit: number,
  withTotal: boolean,
) {
  const total = withTotal || offset === null ? countLines(db, query) : null;
  const start = offset ?? Math.max(0, (total ?? 0) - limit);
  const filter = queryFilter(query);
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
}

export function downloadText(db: Database, query: LogQuery) {
  const filter = queryFilter(query);
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
}
