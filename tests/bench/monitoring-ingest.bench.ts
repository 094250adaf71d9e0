/**
 * How fast monitoring data goes into the store, on a database opened as the app opens it (WAL,
 * synchronous=FULL, every migration):
 *  (a) log lines inserted with full-text indexing, in the collector's batches of 2,000; goal ≥ 50,000/s;
 *  (b) the same lines first decoded from Docker's multiplexed stream, as collected; same goal;
 *  (c) stats samples in batches of 1,000; goal ≥ 10,000/s.
 * Figures are printed with their ratio to the goal, never asserted.
 */
import { join } from 'node:path';
import { openDatabase } from '../../src/main/core/db/database';
import { migrations } from '../../src/main/core/db/migrations';
import { createLogDecoder, microsOf } from '../../src/main/core/monitoring/logs/log-decoder';
import { createLogRepository, type NewLogLine } from '../../src/main/core/monitoring/store/log-repository';
import { createStatsRepository } from '../../src/main/core/monitoring/store/stats-repository';
import { makeTempDir } from '../helpers/temp-dir';

const LINES = 200_000;
const LOG_BATCH = 2000;
const SAMPLES = 200_000;
const STATS_BATCH = 1000;
const words = [
  'GET',
  'POST',
  '/api/users',
  '200',
  '404',
  'error',
  'timeout',
  'connection',
  'from',
  '10.0.0.1',
  'took',
  'ms',
  'request',
  'handled',
];

const lineText = (i: number) => {
  let text = `req-${i}`;
  for (let w = 0; text.length < 100; w += 1) text += ` ${words[(i * 7 + w) % words.length] ?? ''}`;
  return text;
};
const report = (label: string, count: number, ms: number, goal: number) => {
  const rate = (count / ms) * 1000;
  console.log(
    `${label}: ${Math.round(rate).toLocaleString('en')} /s (${count.toLocaleString('en')} in ${(ms / 1000).toFixed(2)} s), ${(rate / goal).toFixed(2)}× the goal of ${goal.toLocaleString('en')} /s`,
  );
};

function frames(count: number, from: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const ts = new Date(1_800_000_000_000 + from + i).toISOString().replace('Z', '000000Z');
    const body = Buffer.from(`${ts} ${lineText(from + i)}\n`);
    const header = Buffer.alloc(8);
    header[0] = i % 10 === 0 ? 2 : 1;
    header.writeUInt32BE(body.length, 4);
    parts.push(header, body);
  }
  return Buffer.concat(parts);
}

const dir = makeTempDir('hoster-bench-ingest-');
try {
  const { db } = openDatabase(join(dir.path, 'hoster.db'), migrations);
  const logs = createLogRepository(db);
  const line = (i: number, deploymentId: string): NewLogLine => ({
    deploymentId,
    service: i % 3 === 0 ? 'db' : 'web',
    containerId: 'c0ffee000000',
    stream: i % 10 === 0 ? 2 : 1,
    atUs: 1_800_000_000_000_000 + i * 1000,
    text: lineText(i),
  });

  const prepared = Array.from({ length: LINES }, (_, i) => line(i, 'bench-a'));
  let started = performance.now();
  for (let i = 0; i < LINES; i += LOG_BATCH) logs.insert(prepared.slice(i, i + LOG_BATCH));
  report('(a) log lines stored and indexed', LINES, performance.now() - started, 50_000);

  const stream = frames(LINES, 0);
  started = performance.now();
  let batch: NewLogLine[] = [];
  const decoder = createLogDecoder({
    isTty: false,
    onLine: (entry) => {
      batch.push({
        deploymentId: 'bench-b',
        service: 'web',
        containerId: 'c0ffee000000',
        stream: entry.stream,
        atUs: microsOf(entry.ts),
        text: entry.text,
      });
      if (batch.length === LOG_BATCH) {
        logs.insert(batch);
        batch = [];
      }
    },
  });
  for (let at = 0; at < stream.length; at += 64 * 1024) decoder.push(stream.subarray(at, at + 64 * 1024));
  logs.insert(batch);
  report('(b) log lines decoded, stored and indexed', LINES, performance.now() - started, 50_000);

  started = performance.now();
  const found = logs.page(
    { deploymentId: 'bench-a', services: [], streams: [], search: 'timeout connection' },
    0,
    500,
    true,
  );
  console.log(
    `    search over ${LINES.toLocaleString('en')} lines: ${found.total ?? 0} hits, ${(performance.now() - started).toFixed(1)} ms`,
  );

  const stats = createStatsRepository(db);
  const series = Array.from({ length: 40 }, (_, i) =>
    stats.seriesId({ nodeId: 'n', deploymentId: `d${i % 8}`, service: `s${i}` }),
  );
  const sample = {
    cpuPercent: 12.5,
    memoryBytes: 3e7,
    memoryLimitBytes: 1e9,
    netRxPerSecond: 100,
    netTxPerSecond: 50,
    blockReadPerSecond: 0,
    blockWritePerSecond: 4096,
    pids: 3,
    diskUsedBytes: null,
    diskTotalBytes: null,
  };
  started = performance.now();
  for (let i = 0; i < SAMPLES; i += STATS_BATCH) {
    stats.insert(
      Array.from({ length: STATS_BATCH }, (_, j) => ({
        seriesId: series[(i + j) % series.length] ?? 0,
        at: 1_800_000_000_000 + (i + j) * 10,
        sample,
      })),
    );
  }
  report('(c) stats samples stored', SAMPLES, performance.now() - started, 10_000);
  started = performance.now();
  stats.rollup(1_800_000_000_000 + SAMPLES * 10 + 3_600_000);
  console.log(
    `    roll-up of ${SAMPLES.toLocaleString('en')} samples into minutes and hours: ${(performance.now() - started).toFixed(0)} ms`,
  );
  db.close();
} finally {
  dir.remove();
}
