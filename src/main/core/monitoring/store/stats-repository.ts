import type { StatPoint, StatsRange } from '@shared/contract/monitoring';
import type { Database } from '../../db/database';

export type Tier = 'raw' | 'minute' | 'hour';
export type Sample = Omit<StatPoint, 'at'>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const rangeMs: Record<StatsRange, number> = {
  '1h': HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '90d': 90 * 24 * HOUR,
};
/** Points per line at most: more than a chart's width in pixels would only cost. */
const MAX_POINTS = 600;

const columns = [
  'cpu',
  'mem',
  'mem_limit',
  'net_rx',
  'net_tx',
  'blk_read',
  'blk_write',
  'pids',
  'disk_used',
  'disk_total',
] as const;
const fields: Record<(typeof columns)[number], keyof Sample> = {
  cpu: 'cpuPercent',
  mem: 'memoryBytes',
  mem_limit: 'memoryLimitBytes',
  net_rx: 'netRxPerSecond',
  net_tx: 'netTxPerSecond',
  blk_read: 'blockReadPerSecond',
  blk_write: 'blockWritePerSecond',
  pids: 'pids',
  disk_used: 'diskUsedBytes',
  disk_total: 'diskTotalBytes',
};
/** Limits and totals are levels, not loads: a bucket keeps their highest value. */
const aggregateOf = (column: (typeof columns)[number], weight: string) =>
  column === 'mem_limit' || column === 'disk_total' || column === 'pids'
    ? `max(${column})`
    : `sum(${column} * ${weight}) / nullif(sum(CASE WHEN ${column} IS NULL THEN 0 ELSE ${weight} END), 0)`;

const table: Record<Tier, string> = { raw: 'metric_raw', minute: 'metric_minute', hour: 'metric_hour' };
const step: Record<Tier, number> = { raw: 1, minute: MINUTE, hour: HOUR };

export interface SeriesKey {
  nodeId: string;
  deploymentId: string;
  service: string;
}

type Watermark = (tier: 'minute' | 'hour') => number;

/** Series ids by node, deployment and service, cached after the first look-up. */
function createSeriesIds(db: Database) {
  const seriesIds = new Map<string, number>();
  const findSeries = db.prepare(
    'SELECT id FROM metric_series WHERE node_id = ? AND deployment_id = ? AND service = ?',
  );
  const addSeries = db.prepare(
    'INSERT INTO metric_series (node_id, deployment_id, service) VALUES (?, ?, ?)',
  );
  return {
    seriesId: (key: SeriesKey): number => {
      const cacheKey = `${key.nodeId}\u0000${key.deploymentId}\u0000${key.service}`;
      const cached = seriesIds.get(cacheKey);
      if (cached !== undefined) return cached;
      const found = findSeries.get(key.nodeId, key.deploymentId, key.service) as { id: number } | undefined;
      const id =
        found?.id ?? Number(addSeries.run(key.nodeId, key.deploymentId, key.service).lastInsertRowid);
      seriesIds.set(cacheKey, id);
      return id;
    },
    forget: (deploymentId: string): void => {
      for (const key of [...seriesIds.keys()])
        if (key.includes(`\u0000${deploymentId}\u0000`)) seriesIds.delete(key);
    },
  };
}

/** Rollups of finished periods into the coarser tiers, each tier's progress kept as a watermark. */
function createRollups(db: Database) {
  const readState = db.prepare('SELECT value FROM monitoring_state WHERE key = ?');
  const writeState = db.prepare(
    'INSERT INTO monitoring_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const watermark: Watermark = (tier) =>
    Number((readState.get(`rollup:${tier}`) as { value: string } | undefined)?.value ?? 0);

  /** Folds finished periods of `from` into `to`, weighting by samples, from the last watermark on. */
  const rollup = (from: Tier, to: 'minute' | 'hour', until: number) => {
    const size = step[to];
    const end = Math.floor(until / size) * size;
    const start = watermark(to);
    if (end <= start) return;
    const weight = from === 'raw' ? '1' : 'samples';
    const sums = from === 'raw' ? 'count(*)' : 'sum(samples)';
    db.prepare(
      `INSERT OR REPLACE INTO ${table[to]} (series_id, at, samples, ${columns.join(', ')})
       SELECT series_id, (at / ${size}) * ${size} AS bucket, ${sums}, ${columns.map((c) => aggregateOf(c, weight)).join(', ')}
       FROM ${table[from]} WHERE at >= ? AND at < ? GROUP BY series_id, bucket`,
    ).run(start, end);
    writeState.run(`rollup:${to}`, String(end));
  };
  return { watermark, rollup };
}

type BucketRow = { series_id: number; bucket: number } & Record<(typeof columns)[number], number | null>;

/**
 * A line per series over `range`, from the finest tier that still covers it, averaged into at
 * most MAX_POINTS buckets; the newest stretch not yet rolled up is read from the finer tier.
 */
function queryStats(
  db: Database,
  watermark: Watermark,
  ids: number[],
  range: StatsRange,
  now: number,
  kept: Record<Tier, number>,
): Map<number, StatPoint[]> {
  const result = new Map<number, StatPoint[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const from = now - rangeMs[range];
  const tier: Tier = from >= kept.raw ? 'raw' : from >= kept.minute ? 'minute' : 'hour';
  const width = Math.max(step[tier], Math.ceil(rangeMs[range] / MAX_POINTS / 1000) * 1000);
  const placeholders = ids.map(() => '?').join(', ');
  const parts: { tier: Tier; from: number }[] = [{ tier, from }];
  if (tier === 'hour') parts.push({ tier: 'minute', from: Math.max(from, watermark('hour')) });
  if (tier !== 'raw') parts.push({ tier: 'raw', from: Math.max(from, watermark('minute')) });
  const union = parts
    .map((part, index) => {
      const next = parts[index + 1];
      const upTo = next ? ` AND at < ${String(next.from)}` : '';
      const weight = part.tier === 'raw' ? '1 AS w' : 'samples AS w';
      return `SELECT series_id, at, ${weight}, ${columns.join(', ')} FROM ${table[part.tier]} WHERE series_id IN (${placeholders}) AND at >= ?${upTo}`;
    })
    .join(' UNION ALL ');
  const rows = db
    .prepare(
      `SELECT series_id, (at / ${width}) * ${width} AS bucket, ${columns.map((c) => `${aggregateOf(c, 'w')} AS ${c}`).join(', ')}
       FROM (${union}) GROUP BY series_id, bucket ORDER BY bucket`,
    )
    .all(...parts.flatMap((part) => [...ids, part.from])) as BucketRow[];
  for (const row of rows) {
    const point = { at: row.bucket } as StatPoint;
    for (const column of columns) point[fields[column]] = row[column];
    result.get(row.series_id)?.push(point);
  }
  return result;
}

function samplesOf(db: Database, deploymentId: string): number {
  const ids = `SELECT id FROM metric_series WHERE deployment_id = ?`;
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM metric_raw WHERE series_id IN (${ids})) + (SELECT count(*) FROM metric_minute WHERE series_id IN (${ids})) + (SELECT count(*) FROM metric_hour WHERE series_id IN (${ids})) AS n`,
    )
    .get(deploymentId, deploymentId, deploymentId) as { n: number };
  return row.n;
}

export function createStatsRepository(db: Database) {
  const series = createSeriesIds(db);
  const { watermark, rollup } = createRollups(db);
  const insertRaw = db.prepare(
    `INSERT OR REPLACE INTO metric_raw (series_id, at, ${columns.join(', ')}) VALUES (?, ?, ${columns.map(() => '?').join(', ')})`,
  );

  return {
    seriesId: series.seriesId,
    /** Stores samples in one transaction. */
    insert: db.transaction((samples: { seriesId: number; at: number; sample: Sample }[]) => {
      for (const { seriesId: id, at, sample } of samples)
        insertRaw.run(id, at, ...columns.map((c) => sample[fields[c]]));
    }),

    /** Builds 1-minute averages of finished minutes, then 1-hour averages of finished hours. */
    rollup: db.transaction((now: number) => {
      rollup('raw', 'minute', now);
      rollup('minute', 'hour', now);
    }),

    /** Deletes each tier past its age: `before` holds the oldest time kept per tier. */
    prune: db.transaction((before: Record<Tier, number>) => {
      let removed = 0;
      for (const tier of ['raw', 'minute', 'hour'] as const)
        removed += db.prepare(`DELETE FROM ${table[tier]} WHERE at < ?`).run(before[tier]).changes;
      return removed;
    }),

    query: (ids: number[], range: StatsRange, now: number, kept: Record<Tier, number>) =>
      queryStats(db, watermark, ids, range, now, kept),

    seriesOf: (deploymentId: string) =>
      db
        .prepare('SELECT id, node_id AS nodeId, service FROM metric_series WHERE deployment_id = ?')
        .all(deploymentId) as { id: number; nodeId: string; service: string }[],
    nodeSeries: (nodeId: string) => series.seriesId({ nodeId, deploymentId: '', service: '' }),

    samplesOf: (deploymentId: string): number => samplesOf(db, deploymentId),

    clear: db.transaction((deploymentId: string) => {
      const ids = 'SELECT id FROM metric_series WHERE deployment_id = ?';
      for (const name of Object.values(table))
        db.prepare(`DELETE FROM ${name} WHERE series_id IN (${ids})`).run(deploymentId);
      db.prepare('DELETE FROM metric_series WHERE deployment_id = ?').run(deploymentId);
      series.forget(deploymentId);
    }),
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
