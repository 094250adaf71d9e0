/**
 * Bytes on disk per byte of log text: 200,000 lines of varied shapes (access log lines, JSON lines,
 * short stack traces on stderr) from 5 deployments × 2 services, each container a line every 2 s,
 * stored through the product's log store in the collector's batches of 2,000, the WAL checkpointed.
 * Prints the file size and every table and index (`dbstat`) per byte of text, ingest lines/s, search
 * and page-read times. Goal: ≤ 1 byte on disk per byte of text, ingest ≥ 50,000 lines/s.
 * The peer, in the same run: the layout before chunks (a row per line, its ordering index and a
 * contentless full-text index over each line), filled with the same lines by the same statements,
 * then migrated to chunks by migration 013 (time, peak memory, size after).
 * Run: npx tsx --tsconfig tsconfig.node.json tests/bench/log-storage.bench.ts
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/main/core/db/database';
import { migrations } from '../../src/main/core/db/migrations';
import { createLogRepository, type NewLogLine } from '../../src/main/core/monitoring/store/log-repository';
import { makeTempDir } from '../helpers/temp-dir';
import { medianMs } from './median';

const DEPLOYMENTS = 5;
const LINES = 200_000;
const BATCH = 2000;
const paths = ['/api/users', '/api/orders', '/static/app.js', '/login', '/api/items', '/health'];
const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'Go-http-client/1.1', 'okhttp/4.12.0'];
const levels = ['info', 'info', 'info', 'debug', 'warn', 'error'];
const messages = ['request handled', 'cache miss', 'job finished', 'connection timeout', 'user signed in'];

let seed = 42;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};
const pick = <T>(list: T[]): T => list[random(list.length)] as T;

function webLine(atMs: number): { stream: 1 | 2; text: string }[] {
  if (random(50) === 0)
    return [
      { stream: 2, text: `Error: connect ECONNREFUSED 10.0.${random(255)}.${random(255)}:5432` },
      { stream: 2, text: '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)' },
      { stream: 2, text: `    at Pool.connect (/app/node_modules/pg-pool/index.js:${random(400)}:${random(40)})` },
    ];
  const when = new Date(atMs).toISOString();
  const text = `10.0.${random(255)}.${random(255)} - - [${when}] "${pick(['GET', 'GET', 'POST'])} ${pick(paths)}/${random(5000)} HTTP/1.1" ${pick([200, 200, 200, 304, 404, 500])} ${random(90_000)} "-" "${pick(agents)}"`;
  return [{ stream: 1, text }];
}

function apiLine(atMs: number): { stream: 1 | 2; text: string }[] {
  const text = JSON.stringify({
    time: new Date(atMs).toISOString(),
    level: pick(levels),
    msg: pick(messages),
    requestId: `${random(1e9).toString(16)}-${random(1e6).toString(16)}`,
    userId: random(20_000),
    durationMs: random(2500),
  });
  return [{ stream: 1, text }];
}

/** Every container writes at the same 2 s ticks; each tick's lines go in as the collector stores them. */
function* generate(): Generator<NewLogLine> {
  let made = 0;
  for (let tick = 0; made < LINES; tick += 1) {
    const atMs = 1_800_000_000_000 + tick * 2000;
    for (let d = 0; d < DEPLOYMENTS && made < LINES; d += 1) {
      for (const service of ['web', 'api']) {
        const shaped = service === 'web' ? webLine(atMs) : apiLine(atMs);
        for (const [k, entry] of shaped.entries()) {
          if (made >= LINES) return;
          made += 1;
          yield {
            deploymentId: `0b7f2c1e-5d4a-4c3b-9a8e-00000000000${String(d)}`,
            service,
            containerId: `${service}${String(d)}`.padEnd(64, 'f'),
            stream: entry.stream,
            atUs: (atMs + k) * 1000,
            text: entry.text,
          };
        }
      }
    }
  }
}

const lines = [...generate()];
const textBytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l.text), 0);

/** The layout of migration 006 (a database before 013), and the statements its repository ran, as the peer. */
function peerStore(db: Database) {
  const insert = db.prepare(
    'INSERT INTO log_lines (deployment_id, service, container_id, stream, at_us, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const index = db.prepare('INSERT INTO log_search (rowid, text) SELECT id, text FROM log_lines WHERE id >= ?');
  const search = db.prepare(
    `SELECT count(*) AS n FROM log_lines l WHERE l.deployment_id = ? AND l.id IN (SELECT rowid FROM log_search WHERE log_search MATCH ?)`,
  );
  const page = db.prepare(
    'SELECT id, at_us, service, stream, text FROM log_lines l WHERE l.deployment_id = ? ORDER BY l.at_us, l.id LIMIT ? OFFSET ?',
  );
  return {
    insert: db.transaction((batch: NewLogLine[]) => {
      let first: number | bigint | null = null;
      for (const l of batch) {
        const { lastInsertRowid } = insert.run(l.deploymentId, l.service, l.containerId, l.stream, l.atUs, l.text);
        first ??= lastInsertRowid;
      }
      index.run(first);
    }),
    search: (deploymentId: string, phrase: string) => search.get(deploymentId, phrase),
    page: (deploymentId: string, offset: number) => page.all(deploymentId, 200, offset),
  };
}

function onDisk(db: Database, file: string, label: string) {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const size = statSync(file).size;
  console.log(`${label}: ${(size / textBytes).toFixed(2)} bytes on disk per byte of text (${(size / 1e6).toFixed(1)} MB file)`);
  const parts = db
    .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name HAVING bytes > 8192 ORDER BY bytes DESC")
    .all() as { name: string; bytes: number }[];
  for (const part of parts) console.log(`    ${part.name.padEnd(24)} ${(part.bytes / textBytes).toFixed(3)}`);
  return size;
}

const rate = (ms: number) => `${Math.round((LINES / ms) * 1000).toLocaleString('en')} lines/s`;
const dir = makeTempDir('hoster-bench-log-storage-');
try {
  console.log(
    `\nLog storage, ${LINES.toLocaleString('en')} lines of ${DEPLOYMENTS} deployments × 2 services, ${(textBytes / 1e6).toFixed(1)} MB of text`,
  );
  const file = join(dir.path, 'hoster.db');
  const { db } = openDatabase(file, migrations);
  const logs = createLogRepository(db);
  let started = performance.now();
  for (let i = 0; i < LINES; i += BATCH) logs.insert(lines.slice(i, i + BATCH));
  const ingestMs = performance.now() - started;
  const size = onDisk(db, file, 'store');
  const deploymentId = lines[0]?.deploymentId ?? '';
  const query = { deploymentId, services: [], streams: [], search: '' };
  const searchMs = await medianMs(5, () => logs.page({ ...query, search: 'connection timeout' }, 0, 200, true));
  const rareMs = await medianMs(5, () => logs.page({ ...query, search: 'ECONNREFUSED' }, 0, 200, true));
  const pageMs = await medianMs(5, () => logs.page(query, 20_000, 200, false));
  const lastMs = await medianMs(5, () => logs.page(query, null, 200, true));
  db.close();

  const peerFile = join(dir.path, 'peer.db');
  const peerDb = openDatabase(peerFile, migrations.filter((migration) => migration.version < 13)).db;
  const peer = peerStore(peerDb);
  started = performance.now();
  for (let i = 0; i < LINES; i += BATCH) peer.insert(lines.slice(i, i + BATCH));
  const peerIngestMs = performance.now() - started;
  const peerSize = onDisk(peerDb, peerFile, 'peer (a row per line)');
  const peerSearchMs = await medianMs(5, () => peer.search(deploymentId, '"connection timeout"*'));
  const peerPageMs = await medianMs(5, () => peer.page(deploymentId, 20_000));
  peerDb.close();

  // The peer's database brought to the chunked layout by migration 013, as an update does at start.
  const rssBefore = process.resourceUsage().maxRSS;
  started = performance.now();
  const migrated = openDatabase(peerFile, migrations);
  const migrateMs = performance.now() - started;
  const migratedSize = onDisk(migrated.db, peerFile, 'peer after migration 013');
  migrated.db.close();
  console.log(
    `migration: ${(migrateMs / 1000).toFixed(1)} s (${rate(migrateMs)}, the copy taken before it included), peak memory +${((process.resourceUsage().maxRSS - rssBefore) / 1024).toFixed(0)} MB, ${(migratedSize / textBytes).toFixed(2)} bytes per byte after`,
  );

  console.log(
    `ratio: ${(size / textBytes).toFixed(2)} vs ${(peerSize / textBytes).toFixed(2)} bytes per byte (${(peerSize / size).toFixed(1)}× smaller), goal ≤ 1: ${size <= textBytes ? 'within goal' : 'missed'}`,
  );
  console.log(`ingest: ${rate(ingestMs)} (peer ${rate(peerIngestMs)}), goal ≥ 50,000 lines/s`);
  console.log(
    `search "connection timeout" with total: ${searchMs.toFixed(1)} ms (peer, count only: ${peerSearchMs.toFixed(1)} ms); rare word: ${rareMs.toFixed(1)} ms`,
  );
  console.log(
    `page of 200 at line 20,000: ${pageMs.toFixed(2)} ms (peer ${peerPageMs.toFixed(2)} ms); newest page with total: ${lastMs.toFixed(2)} ms`,
  );
} finally {
  dir.remove();
}
