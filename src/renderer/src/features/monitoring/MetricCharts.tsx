import { useMemo } from 'react';
import type { StatPoint, StatsRange } from '@shared/contract/monitoring';
import { LineChart } from './LineChart';
import styles from './monitoring.module.css';

export interface Metric {
  title: string;
  pick: (p: StatPoint) => number | null;
  format: (v: number) => string;
}

export const rangeMs: Record<StatsRange, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '90d': 90 * 86_400_000,
};

/** A chart per metric over the range ending `now`, with one line per series (a service, or the node). */
export function MetricCharts({
  metrics,
  range,
  now,
  series,
}: {
  metrics: readonly Metric[];
  range: StatsRange;
  now: number;
  series: readonly { name: string; points: readonly StatPoint[] }[];
}) {
  // Charts are rebuilt when their series change, so each metric's series keep their identity.
  const perMetric = useMemo(
    () =>
      metrics.map((metric) =>
        series.map((s) => ({
          name: s.name,
          points: s.points.map((p) => ({ at: p.at, value: metric.pick(p) })),
        })),
      ),
    [metrics, series],
  );
  return (
    <div className={styles.chartGrid}>
      {metrics.map((metric, index) => (
        <LineChart
          key={metric.title}
          title={metric.title}
          range={range}
          from={now - rangeMs[range]}
          to={now}
          format={metric.format}
          series={perMetric[index] ?? []}
        />
      ))}
    </div>
  );
}
