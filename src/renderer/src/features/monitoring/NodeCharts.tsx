import type { StatPoint } from '@shared/contract/monitoring';
import { useAppStore } from '../../store';
import { LineChart } from './LineChart';
import { formatPercent, formatSize } from './monitoring-format';
import { RangePicker, rangeMs } from './StatsTab';
import { useRangedLoad } from './use-ranged-load';

const nodeMetrics: { title: string; pick: (p: StatPoint) => number | null; format: (v: number) => string }[] =
  [
    { title: 'Node CPU', pick: (p) => p.cpuPercent, format: formatPercent },
    { title: 'Node memory', pick: (p) => p.memoryBytes, format: formatSize },
    { title: 'Docker disk used', pick: (p) => p.diskUsedBytes, format: formatSize },
  ];

/** The node's own CPU, memory and disk over a chosen range, from the store. */
export function NodeCharts({ nodeId }: { nodeId: string }) {
  const load = useAppStore((s) => s.loadNodeStats);
  const { range, setRange, error } = useRangedLoad(nodeId, load);
  const stats = useAppStore((s) => s.nodeStats[`${nodeId}:${range}`]);
  return (
    <div className="node-charts" data-testid="node-charts">
      <RangePicker range={range} onChange={setRange} />
      {error ? <p className="field-error">{error}</p> : null}
      {stats ? (
        <div className="chart-grid">
          {nodeMetrics.map((metric) => (
            <LineChart
              key={metric.title}
              title={metric.title}
              range={range}
              from={stats.now - rangeMs[range]}
              to={stats.now}
              format={metric.format}
              series={[
                { name: 'node', points: stats.points.map((p) => ({ at: p.at, value: metric.pick(p) })) },
              ]}
            />
          ))}
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
