import type BetterSqlite3 from 'better-sqlite3';
import { packChunk, type ChunkLine } from './013-log-chunk-format';
import type { Migration } from './index';

/** A container's open chunk is sealed (compressed and indexed) at this many lines or bytes of text. */
export const CHUNK_LINES = 512;
export const CHUNK_BYTES = 64 * 1024;

const chunkTables = `
  CREATE TABLE log_deployments (key INTEGER PRIMARY KEY, deployment_id TEXT NOT NULL UNIQUE);
  -- A container of a service of a deployment: what a chunk holds the lines of.
  CREATE TABLE log_sources (
    key INTEGER PRIMARY KEY,
    deployment_key INTEGER NOT NULL,
    service TEXT NOT NULL,
    container_id TEXT NOT NULL,
    UNIQUE (deployment_key, container_id, service)
  );
  -- body NULL: the container's open chunk, whose lines are in log_tail until it fills.
  -- live: its lines not trimmed yet; the chunk goes when none is left.
  CREATE TABLE log_chunks (
    id INTEGER PRIMARY KEY,
    source_key INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    live INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    first_us INTEGER NOT NULL,
    last_us INTEGER NOT NULL,
    body BLOB
  );
  CREATE INDEX log_chunks_open ON log_chunks (source_key) WHERE body IS NULL;
  CREATE TABLE log_tail (chunk_id INTEGER NOT NULL, pos INTEGER NOT NULL, id INTEGER NOT NULL,
    at_us INTEGER NOT NULL, stream INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (chunk_id, pos)) WITHOUT ROWID;
  -- A line: where it sorts and where its text is (position pos of chunk chunk_id).
  CREATE TABLE log_index (
    deployment_key INTEGER NOT NULL,
    at_us INTEGER NOT NULL,
    id INTEGER NOT NULL,
    source_key INTEGER NOT NULL,
    stream INTEGER NOT NULL,
    chunk_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    PRIMARY KEY (deployment_key, at_us, id)
  ) WITHOUT ROWID;
  -- Over each sealed chunk's text, without positions: finds the chunks holding every word, then the
  -- store matches the phrase line by line.
  CREATE VIRTUAL TABLE log_chunk_search USING fts5 (text, content = '', contentless_delete = 1, detail = 'none');
`;

/** What a line cost beyond its text before (row, ordering index, postings) and what it costs now (its index row). */
const OLD_LINE_OVERHEAD = 160;
export const LINE_OVERHEAD_BYTES = 32;
const STEP = 5000;

interface OldRow {
  id: number;
  deployment_id: string;
  service: string;
  container_id: string;
  stream: number;
  at_us: number;
  text: string;
}
interface Open {
  id: number;
  lines: ChunkLine[];
  bytes: number;
  firstUs: number;
  lastUs: number;
}

function createChunkWriter(db: BetterSqlite3.Database) {
  const newChunk = db.prepare(
    'INSERT INTO log_chunks (source_key, lines, live, bytes, first_us, last_us) VALUES (?, 0, 0, 0, ?, ?)',
  );
  const finish = db.prepare(
    'UPDATE log_chunks SET lines = ?, live = ?, bytes = ?, first_us = ?, last_us = ?, body = ? WHERE id = ?',
  );
  const index = db.prepare('INSERT INTO log_chunk_search (rowid, text) VALUES (?, ?)');
  const tail = db.prepare('INSERT INTO log_tail (chunk_id, pos, id, at_us, stream, text) VALUES (?, ?, ?, ?, ?, ?)');
  return {
    open: (sourceKey: number, atUs: number): Open => ({
      id: Number(newChunk.run(sourceKey, atUs, atUs).lastInsertRowid),
      lines: [],
      bytes: 0,
      firstUs: atUs,
      lastUs: atUs,
    }),
    /** Sealed when full; a partly filled one stays open, its lines in the tail. */
    close: (chunk: Open, isFull: boolean) => {
      const { lines } = chunk;
      const body = isFull ? packChunk(lines) : null;
      finish.run(lines.length, lines.length, chunk.bytes, chunk.firstUs, chunk.lastUs, body, chunk.id);
      if (isFull) index.run(chunk.id, lines.map((line) => line.text).join('\n'));
      else lines.forEach((line, pos) => tail.run(chunk.id, pos, line.id, line.atUs, line.stream, line.text));
    },
  };
}

function keyOf(db: BetterSqlite3.Database, insert: string, select: string, params: (string | number)[]): number {
  db.prepare(insert).run(...params);
  return (db.prepare(select).get(...params) as { key: number }).key;
}

/** Moves log_lines into chunks a few thousand rows at a time, holding only each container's open chunk. */
function moveLines(db: BetterSqlite3.Database) {
  const read = db.prepare('SELECT * FROM log_lines WHERE id > ? ORDER BY id LIMIT ?');
  const addIndex = db.prepare(
    'INSERT INTO log_index (deployment_key, at_us, id, source_key, stream, chunk_id, pos) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const writer = createChunkWriter(db);
  const deployments = new Map<string, number>();
  const sources = new Map<string, { key: number; chunk: Open | null }>();
  let after = 0;
  for (let rows = read.all(after, STEP) as OldRow[]; rows.length > 0; rows = read.all(after, STEP) as OldRow[]) {
    for (const row of rows) {
      const deploymentKey =
        deployments.get(row.deployment_id) ??
        keyOf(db, 'INSERT OR IGNORE INTO log_deployments (deployment_id) VALUES (?)', 'SELECT key FROM log_deployments WHERE deployment_id = ?', [row.deployment_id]);
      deployments.set(row.deployment_id, deploymentKey);
      const name = `${String(deploymentKey)}\n${row.container_id}\n${row.service}`;
      const source = sources.get(name) ?? {
        key: keyOf(
          db,
          'INSERT OR IGNORE INTO log_sources (deployment_key, container_id, service) VALUES (?, ?, ?)',
          'SELECT key FROM log_sources WHERE deployment_key = ? AND container_id = ? AND service = ?',
          [deploymentKey, row.container_id, row.service],
        ),
        chunk: null,
      };
      sources.set(name, source);
      const chunk = (source.chunk ??= writer.open(source.key, row.at_us));
      addIndex.run(deploymentKey, row.at_us, row.id, source.key, row.stream, chunk.id, chunk.lines.length);
      chunk.lines.push({ id: row.id, atUs: row.at_us, stream: row.stream, text: row.text });
      chunk.bytes += Buffer.byteLength(row.text);
      chunk.firstUs = Math.min(chunk.firstUs, row.at_us);
      chunk.lastUs = Math.max(chunk.lastUs, row.at_us);
      if (chunk.lines.length >= CHUNK_LINES || chunk.bytes >= CHUNK_BYTES) {
        writer.close(chunk, true);
        source.chunk = null;
      }
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
  for (const source of sources.values()) if (source.chunk) writer.close(source.chunk, false);
  return after;
}

/**
 * Log lines kept in compressed chunks per container with a small index row per line and a full-text
 * index over whole chunks: about a byte on disk per byte of text where a row per line took three.
 */
export const logChunks: Migration = {
  version: 13,
  name: 'log-chunks',
  compactsAfter: true,
  up: (db) => {
    db.exec(chunkTables);
    const lastId = moveLines(db);
    db.prepare("INSERT INTO monitoring_state (key, value) VALUES ('log_next_line_id', ?)").run(String(lastId + 1));
    db.exec('DROP TABLE log_search; DROP TABLE log_lines;');
    db.prepare('UPDATE log_usage SET bytes = max(0, bytes - lines * ?)').run(OLD_LINE_OVERHEAD - LINE_OVERHEAD_BYTES);
  },
};
