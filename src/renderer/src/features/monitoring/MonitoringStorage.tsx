import { useEffect, useState } from 'react';
import type { MonitoringUsage } from '@shared/contract/monitoring';
import type { Settings } from '@shared/contract/settings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatBytes } from '../../components/format';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { BudgetUsage } from './BudgetUsage';
import styles from './monitoring.module.css';

type Limits = Settings['monitoring'];
const limitFields: { key: Exclude<keyof Limits, 'awaySampling'>; label: string; unit: string }[] = [
  { key: 'dataBudgetMegabytes', label: 'All monitoring data at most', unit: 'MB' },
  { key: 'logMegabytesPerDeployment', label: 'Logs per deployment', unit: 'MB' },
  { key: 'logRetentionDays', label: 'Keep logs for', unit: 'days' },
  { key: 'rawRetentionHours', label: 'Keep every stats sample for', unit: 'hours' },
  { key: 'minuteRetentionDays', label: 'Keep 1-minute averages for', unit: 'days' },
  { key: 'hourRetentionDays', label: 'Keep 1-hour averages for', unit: 'days' },
  { key: 'eventRetentionDays', label: 'Keep events for', unit: 'days' },
];

function LimitInput({ field, value }: { field: (typeof limitFields)[number]; value: number }) {
  const update = useAppStore((s) => s.updateSettings);
  const [text, setText] = useState(String(value));
  const save = () => {
    const next = Number(text);
    if (Number.isInteger(next) && next !== value) void update({ monitoring: { [field.key]: next } });
    else setText(String(value));
  };
  return (
    <label className={styles.toolbarField}>
      {field.label}
      <span className={styles.limitInput}>
        <input
          type="number"
          min={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={save}
          data-testid={`limit-${field.key}`}
        />
        {field.unit}
      </span>
    </label>
  );
}

type Clearing = ReturnType<typeof useAction<[string], void>>;

function UsageRow({ row, clearing }: { row: MonitoringUsage['deployments'][number]; clearing: Clearing }) {
  return (
    <tr data-testid="monitoring-usage-row">
      <td>{row.name ?? <span className="muted">deleted ({row.deploymentId.slice(0, 8)})</span>}</td>
      <td>{row.logLines.toLocaleString()}</td>
      <td>{row.statSamples.toLocaleString()}</td>
      <td>{row.events.toLocaleString()}</td>
      <td>{formatBytes(row.bytes)}</td>
      <td>
        <button
          type="button"
          className="danger"
          disabled={clearing.isPending}
          onClick={() => {
            if (
              window.confirm(
                `Delete the stored logs, stats and events of ${row.name ?? 'this deleted deployment'}? Collection goes on.`,
              )
            )
              void clearing.run(row.deploymentId);
          }}
        >
          Clear
        </button>
      </td>
    </tr>
  );
}

function UsageTable({ usage, clearing }: { usage: MonitoringUsage; clearing: Clearing }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Deployment</th>
          <th>Log lines</th>
          <th>Stats samples</th>
          <th>Events</th>
          <th>About</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {usage.deployments.map((row) => (
          <UsageRow key={row.deploymentId} row={row} clearing={clearing} />
        ))}
      </tbody>
    </table>
  );
}

/** Settings: what monitoring data takes on disk, per deployment, with its limits and a clear per deployment. */
export function MonitoringStorage() {
  const usage = useAppStore((s) => s.monitoringUsage);
  const limits = useAppStore((s) => s.settings?.monitoring);
  const error = useAppStore((s) => s.monitoringError);
  const load = useAppStore((s) => s.loadMonitoringUsage);
  const clearing = useAction(useAppStore((s) => s.clearMonitoring));
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-labelledby="monitoring-storage-heading" data-testid="monitoring-storage">
      <h2 id="monitoring-storage-heading">Monitoring data</h2>
      <ErrorBanner error={error ?? clearing.error} />
      <p className="muted">
        Logs, stats and events are kept on this computer so they open without a connection.
      </p>
      {usage && limits ? <BudgetUsage usage={usage} budgetMegabytes={limits.dataBudgetMegabytes} /> : null}
      {limits ? (
        <div className={styles.limitGrid}>
          {limitFields.map((field) => (
            <LimitInput key={field.key} field={field} value={limits[field.key]} />
          ))}
        </div>
      ) : null}
      {usage && usage.deployments.length > 0 ? (
        <UsageTable usage={usage} clearing={clearing} />
      ) : usage ? (
        <p className="muted">Nothing stored yet.</p>
      ) : null}
    </section>
  );
}
