import type { BackupOverviewRow } from '@shared/contract/backups';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { formatWhen, runStatusClass, scheduleText } from './backup-format';
import styles from './backups.module.css';

function OverviewRow({ row, nodeName }: { row: BackupOverviewRow; nodeName: string }) {
  const navigate = useAppStore((s) => s.navigate);
  const { policy, lastRun, lastSuccessAt } = row;
  return (
    <tr data-testid="backup-overview-row" data-deployment-id={row.deploymentId} data-stale={row.isStale}>
      <td>
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ page: 'deployments', id: row.deploymentId })}
        >
          {row.deploymentName}
        </button>
      </td>
      <td>{nodeName}</td>
      <td>
        {scheduleText(policy)}
        {policy.nextRunAt ? <div className="muted">next {formatWhen(policy.nextRunAt)}</div> : null}
      </td>
      <td>
        {lastRun ? (
          <>
            <span className={runStatusClass[lastRun.status]}>{lastRun.status}</span>{' '}
            <span className={styles.nowrap}>{formatWhen(lastRun.startedAt)}</span>
            {lastRun.error ? <div className={styles.failedText}>{lastRun.error}</div> : null}
          </>
        ) : (
          <span className="muted">none yet</span>
        )}
      </td>
      <td>
        <span className={styles.nowrap}>{lastSuccessAt ? formatWhen(lastSuccessAt) : 'never'}</span>{' '}
        {row.isStale ? (
          <span
            className="badge badge-warn"
            title="Its last good backup is older than twice its schedule's interval."
            data-testid="backup-stale"
          >
            stale
          </span>
        ) : null}
      </td>
    </tr>
  );
}

/** Every deployment with its schedule and how its backups went, each leading to the deployment's page. */
export function BackupOverviewTable() {
  const rows = useAppStore((s) => s.backupOverview);
  const error = useAppStore((s) => s.backupOverviewError);
  const nodes = useAppStore((s) => s.nodes);
  const nodeName = (id: string) => nodes?.find((node) => node.id === id)?.name ?? id;
  return (
    <section className="card" aria-labelledby="backup-overview-heading" data-testid="backup-overview">
      <h2 id="backup-overview-heading">Deployments</h2>
      <ErrorBanner error={error} />
      {rows?.length === 0 ? (
        <EmptyState title="No deployments yet">
          <p>Deploy an app from the Marketplace; its schedule and backups show here.</p>
        </EmptyState>
      ) : null}
      {rows && rows.length > 0 ? (
        <table className="table" aria-label="Backups of every deployment">
          <thead>
            <tr>
              <th>Deployment</th>
              <th>Node</th>
              <th>Schedule</th>
              <th>Last backup</th>
              <th>Last success</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <OverviewRow key={row.deploymentId} row={row} nodeName={nodeName(row.nodeId)} />
            ))}
          </tbody>
        </table>
      ) : null}
      {!rows && !error ? <p className="muted">Loading…</p> : null}
    </section>
  );
}
