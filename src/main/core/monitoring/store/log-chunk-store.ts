import type { Database } from '../../db/database';
import { packChunk, unpackChunk, type ChunkColumns, type ChunkLine } from '../../db/migrations/013-log-chunk-format';
import { CHUNK_BYTES, CHUNK_LINES, LINE_OVERHEAD_BYTES } from '../../db/migrations/013-log-chunks';

export interface NewLogLine {
  deploymentId: string;
  service: string;
  containerId: string;
  stream: 1 | 2;
  atUs: number;
  text: string;
}

interface OpenChunk {
  id: number;
  lines: number;
  bytes: number;
  firstUs: number;
  lastUs: number;
  /** This batch's lines, written to the tail at its end unless the chunk fills first. */
  added: ChunkLine[];
}

export const bytesOf = (text: string) => Buffer.byteLength(text) + LINE_OVERHEAD_BYTES;

export const deploymentKeyOf = (db: Database, deploymentId: string): number | null =>
  (db.prepare('SELECT key FROM log_deployments WHERE deployment_id = ?').get(deploymentId) as
    | { key: number }
    | undefined)?.key ?? null;

function createKeys(db: Database) {
  const addDeployment = db.prepare('INSERT OR IGNORE INTO log_deployments (deployment_id) VALUES (?)');
  const addSource = db.prepare(
    'INSERT OR IGNORE INTO log_sources (deployment_key, container_id, service) VALUES (?, ?, ?)',
  );
  const source = db.prepare(
    'SELECT key FROM log_sources WHERE deployment_key = ? AND container_id = ? AND service = ?',
  );
  const open = db.prepare(
    'SELECT id, lines, bytes, first_us AS firstUs, last_us AS lastUs FROM log_chunks WHERE source_key = ? AND body IS NULL',
  );
  const newChunk = db.prepare(
    'INSERT INTO log_chunks (source_key, lines, live, bytes, first_us, last_us) VALUES (?, 0, 0, 0, ?, ?)',
  );
  return {
    deployment: (deploymentId: string): number => {
      addDeployment.run(deploymentId);
      return deploymentKeyOf(db, deploymentId) ?? 0;
    },
    source: (deploymentKey: number, containerId: string, service: string): number => {
      addSource.run(deploymentKey, containerId, service);
      return (source.get(deploymentKey, containerId, service) as { key: number }).key;
    },
    openChunk: (sourceKey: number, atUs: number): OpenChunk => {
      const found = open.get(sourceKey) as Omit<OpenChunk, 'added'> | undefined;
      if (found) return { ...found, added: [] };
      const id = Number(newChunk.run(sourceKey, atUs, atUs).lastInsertRowid);
      return { id, lines: 0, bytes: 0, added: [], firstUs: atUs, lastUs: atUs };
    },
  };
}


/** Writes what a batch added to a chunk: to the tail while it is open, or all its lines compressed once full. */
function createChunkWriter(db: Database) {
  const tail = db.prepare('SELECT id, at_us AS atUs, stream, text FROM log_tail WHERE chunk_id = ? ORDER BY pos');
  const addTail = db.prepare(
    'INSERT INTO log_tail (chunk_id, pos, id, at_us, stream, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    'UPDATE log_chunks SET lines = ?, live = live + ?, bytes = ?, first_us = ?, last_us = ?, body = ? WHERE id = ?',
  );
  const index = db.prepare('INSERT INTO log_chunk_search (rowid, text) VALUES (?, ?)');
  const dropTail = db.prepare('DELETE FROM log_tail WHERE chunk_id = ?');
  return (chunk: OpenChunk) => {
    const { added } = chunk;
    let body: Buffer | null = null;
    if (chunk.lines >= CHUNK_LINES || chunk.bytes >= CHUNK_BYTES) {
      const lines = [...(tail.all(chunk.id) as ChunkLine[]), ...added];
      body = packChunk(lines);
      index.run(chunk.id, lines.map((line) => line.text).join('\n'));
      dropTail.run(chunk.id);
    } else {
      const from = chunk.lines - added.length;
      added.forEach((line, k) => addTail.run(chunk.id, from + k, line.id, line.atUs, line.stream, line.text));
    }
    update.run(chunk.lines, added.length, chunk.bytes, chunk.firstUs, chunk.lastUs, body, chunk.id);
  };
}

/**
 * Stores a batch in one transaction: each line's index row at once, its text in its container's open
 * chunk (the tail, readable at once); a chunk that fills is compressed and indexed from memory and
 * what the tail held. Keep batches to a few thousand lines.
 */
export function createBatchInsert(db: Database) {
  const keys = createKeys(db);
  const write = createChunkWriter(db);
  const readNextId = db.prepare("SELECT value FROM monitoring_state WHERE key = 'log_next_line_id'").pluck();
  const writeNextId = db.prepare(
    "INSERT INTO monitoring_state (key, value) VALUES ('log_next_line_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const addIndex = db.prepare(
    'INSERT INTO log_index (deployment_key, at_us, id, source_key, stream, chunk_id, pos) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const addUsage = db.prepare(
    `INSERT INTO log_usage (deployment_id, lines, bytes) VALUES (?, ?, ?)
     ON CONFLICT (deployment_id) DO UPDATE SET lines = lines + excluded.lines, bytes = bytes + excluded.bytes`,
  );
  return db.transaction((lines: NewLogLine[]) => {
    if (lines.length === 0) return;
    let nextId = Number((readNextId.get() as string | undefined) ?? 1);
    const deployments = new Map<string, number>();
    const chunks = new Map<string, { sourceKey: number; chunk: OpenChunk }>();
    const usage = new Map<string, { lines: number; bytes: number }>();
    for (const line of lines) {
      const deploymentKey = deployments.get(line.deploymentId) ?? keys.deployment(line.deploymentId);
      deployments.set(line.deploymentId, deploymentKey);
      const name = `${String(deploymentKey)}\n${line.containerId}\n${line.service}`;
      let open = chunks.get(name);
      if (!open) {
        const sourceKey = keys.source(deploymentKey, line.containerId, line.service);
        open = { sourceKey, chunk: keys.openChunk(sourceKey, line.atUs) };
        chunks.set(name, open);
      }
      const { chunk } = open;
      addIndex.run(deploymentKey, line.atUs, nextId, open.sourceKey, line.stream, chunk.id, chunk.lines);
      chunk.added.push({ id: nextId, atUs: line.atUs, stream: line.stream, text: line.text });
      nextId += 1;
      chunk.lines += 1;
      chunk.bytes += Buffer.byteLength(line.text);
      chunk.firstUs = Math.min(chunk.firstUs, line.atUs);
      chunk.lastUs = Math.max(chunk.lastUs, line.atUs);
      const entry = usage.get(line.deploymentId) ?? { lines: 0, bytes: 0 };
      entry.lines += 1;
      entry.bytes += bytesOf(line.text);
      usage.set(line.deploymentId, entry);
      if (chunk.lines >= CHUNK_LINES || chunk.bytes >= CHUNK_BYTES) {
        write(chunk);
        chunks.delete(name);
      }
    }
    for (const { chunk } of chunks.values()) write(chunk);
    writeNextId.run(String(nextId));
    for (const [deploymentId, entry] of usage) addUsage.run(deploymentId, entry.lines, entry.bytes);
  });
}

/** A chunk's lines, from its body once sealed or from the tail while open. */
export function createChunkLoader(db: Database) {
  const body = db.prepare('SELECT body FROM log_chunks WHERE id = ?').pluck();
  const tail = db.prepare('SELECT id, at_us AS atUs, stream, text FROM log_tail WHERE chunk_id = ? ORDER BY pos');
  return (chunkId: number, packed?: Buffer | null): ChunkColumns => {
    const found = packed === undefined ? (body.get(chunkId) as Buffer | null | undefined) : packed;
    if (found) return unpackChunk(found);
    const rows = tail.all(chunkId) as ChunkLine[];
    return {
      ids: rows.map((row) => row.id),
      times: rows.map((row) => row.atUs),
      streams: rows.map((row) => row.stream).join(''),
      texts: rows.map((row) => row.text),
    };
  };
}

/**
 * Reads the texts of stored lines by where they are, unpacking each chunk once per reader; a few
 * dozen chunks are kept, enough for lines read in time order across a deployment's containers.
 */
export function createTextReader(db: Database) {
  const load = createChunkLoader(db);
  const cache = new Map<number, string[]>();
  return (chunkId: number, pos: number): string => {
    let texts = cache.get(chunkId);
    if (!texts) {
      texts = load(chunkId).texts;
      cache.set(chunkId, texts);
      if (cache.size > 64) cache.delete(cache.keys().next().value ?? chunkId);
    }
    return texts[pos] ?? '';
  };
}
