import { useMemo } from 'react';
import { useAppStore } from '../../store';
import { MetricCharts, type Metric } from './MetricCharts';
import { formatPercent, formatSize } from './monitoring-format';
import { RangePicker } from './StatsTab';
import { useRangedLoad } from './use-ranged-load';
import styles from './monitoring.module.css';

const nodeMetrics: Metric[] = [
  { title: 'Node CPU', pick: (p) => p.cpuPercent, format: formatPercent },
  { title: 'Node memory', pick: (p) => p.memoryBytes, format: formatSize },
  { title: 'Docker disk used', pick: (p) => p.diskUsedBytes, format: formatSize },
];

/** The node's own CPU, memory and disk over a chosen range, from the store. */
export function NodeCharts({ nodeId }: { nodeId: string }) {
  const load = useAppStore((s) => s.loadNodeStats);
  const { range, setRange, error } = useRangedLoad(nodeId, load);
  const stats = useAppStore((s) => s.nodeStats[`${nodeId}:${range}`]);
  const series = useMemo(() => [{ name: 'node', points: stats?.points ?? [] }], [stats]);
  return (
    <div className={styles.nodeCharts} data-testid="node-charts">
      <RangePicker range={range} onChange={setRange} />
      {error ? <p className="field-error">{error}</p> : null}
      {stats ? (
        <MetricCharts metrics={nodeMetrics} range={range} now={stats.now} series={series} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
