import { useMemo } from 'react';
import type { StatsRange } from '@shared/contract/monitoring';
import { useAppStore } from '../../store';
import type { DeploymentStats } from '../../store/monitoring-slice';
import { MetricCharts, type Metric } from './MetricCharts';
import { useRangedLoad } from './use-ranged-load';
import { formatCount, formatPercent, formatRate, formatSize, ranges } from './monitoring-format';
import styles from './monitoring.module.css';

const metrics: Metric[] = [
  { title: 'CPU', pick: (p) => p.cpuPercent, format: formatPercent },
  { title: 'Memory', pick: (p) => p.memoryBytes, format: formatSize },
  { title: 'Network in', pick: (p) => p.netRxPerSecond, format: formatRate },
  { title: 'Network out', pick: (p) => p.netTxPerSecond, format: formatRate },
  { title: 'Disk reads', pick: (p) => p.blockReadPerSecond, format: formatRate },
  { title: 'Disk writes', pick: (p) => p.blockWritePerSecond, format: formatRate },
  { title: 'Processes', pick: (p) => p.pids, format: formatCount },
];

export function RangePicker({
  range,
  onChange,
}: {
  range: StatsRange;
  onChange: (range: StatsRange) => void;
}) {
  return (
    <fieldset className="segmented" aria-label="Time range">
      <legend>Time range</legend>
      {ranges.map((option) => (
        <label key={option.value} className={range === option.value ? 'segment selected' : 'segment'}>
          <input
            type="radio"
            name="stats-range"
            value={option.value}
            checked={range === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

function LatestTable({ latest }: { latest: DeploymentStats['latest'] }) {
  return (
    <table className="table" data-testid="stats-latest">
      <thead>
        <tr>
          <th>Service</th>
          <th>CPU</th>
          <th>Memory</th>
          <th>Net in / out</th>
          <th>Disk read / write</th>
          <th>PIDs</th>
          <th>Sampled</th>
        </tr>
      </thead>
      <tbody>
        {latest.length === 0 ? (
          <tr>
            <td colSpan={7} className="muted">
              No running container has been sampled yet.
            </td>
          </tr>
        ) : (
          latest.map((row) => (
            <tr key={row.containerId} data-testid="stats-row" data-service={row.service}>
              <td>{row.service}</td>
              <td data-testid="stats-cpu">{formatPercent(row.cpuPercent)}</td>
              <td data-testid="stats-memory">
                {formatSize(row.memoryBytes)} / {formatSize(row.memoryLimitBytes)}
              </td>
              <td>
                {formatSize(row.netRxBytes)} / {formatSize(row.netTxBytes)}
              </td>
              <td>
                {formatSize(row.blockReadBytes)} / {formatSize(row.blockWriteBytes)}
              </td>
              <td>{formatCount(row.pids)}</td>
              <td className="muted">{new Date(row.at).toLocaleTimeString()}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** Latest figures per container and a chart per metric, one line per service, over the chosen range. */
export function StatsTab({ deploymentId }: { deploymentId: string }) {
  const load = useAppStore((s) => s.loadMonitoringStats);
  const { range, setRange, error } = useRangedLoad(deploymentId, load);
  const stats = useAppStore((s) => s.monitoringStats[`${deploymentId}:${range}`]);
  const series = useMemo(
    () => stats?.series.map((s) => ({ name: s.service, points: s.points })) ?? [],
    [stats],
  );

  return (
    <section className="card" aria-labelledby="stats-heading" data-testid="monitoring-stats">
      <div className={styles.monitoringToolbar}>
        <h2 id="stats-heading">Stats</h2>
        <RangePicker range={range} onChange={setRange} />
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      {!stats ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <LatestTable latest={stats.latest} />
          <MetricCharts metrics={metrics} range={range} now={stats.now} series={series} />
        </>
      )}
    </section>
  );
}
