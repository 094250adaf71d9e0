import { useEffect, useState } from 'react';
import type { FleetNode } from '@shared/contract/monitoring';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { AlertList } from './AlertList';
import { formatPercent, formatSize } from './monitoring-format';
import { NodeCharts } from './NodeCharts';
import { OfflineBanner } from './OfflineBanner';
import { useMonitoringFocus } from './use-monitoring-focus';
import { useNow } from './use-now';
import styles from './monitoring.module.css';

const statusClass = (status: string) =>
  status === 'running' || status === 'online'
    ? 'badge badge-ok'
    : status === 'degraded' || status === 'starting' || status === 'updating'
      ? 'badge badge-warn'
      : status === 'failed' || status === 'offline'
        ? 'badge badge-error'
        : 'badge';

function NodeDeployments({ deployments }: { deployments: FleetNode['deployments'] }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Deployment</th>
          <th>Status</th>
          <th>CPU</th>
          <th>Memory</th>
          <th>Containers</th>
          <th>Alerts</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((d) => (
          <tr key={d.id} data-testid="fleet-deployment">
            <td>
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ page: 'monitoring', id: d.id })}
              >
                {d.name}
              </button>
            </td>
            <td>
              <span className={statusClass(d.status)}>{d.status}</span>
            </td>
            <td>{formatPercent(d.cpuPercent)}</td>
            <td>{formatSize(d.memoryBytes)}</td>
            <td>
              {d.containersRunning} / {d.containersTotal} running
            </td>
            <td>{d.openAlerts > 0 ? <span className="badge badge-error">{d.openAlerts}</span> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NodeCard({ node, now }: { node: FleetNode; now: Date }) {
  const [isCharted, setCharted] = useState(false);
  const latest = node.latest;
  return (
    <section className="card" aria-label={node.name} data-testid="fleet-node">
      <div className={styles.fleetNodeHead}>
        <h2>{node.name}</h2>
        <span className={statusClass(node.status)}>{node.status}</span>
        <span className={styles.fleetFigures}>
          CPU {formatPercent(latest?.cpuPercent ?? null)} · memory {formatSize(latest?.memoryBytes ?? null)}{' '}
          of {formatSize(latest?.memoryLimitBytes ?? null)} · disk {formatSize(latest?.diskUsedBytes ?? null)}{' '}
          of {formatSize(latest?.diskTotalBytes ?? null)}
        </span>
        <button type="button" className="link-button" onClick={() => setCharted(!isCharted)}>
          {isCharted ? 'Hide charts' : 'Charts'}
        </button>
      </div>
      <OfflineBanner reachability={node.reachability} now={now} />
      {isCharted ? <NodeCharts nodeId={node.nodeId} /> : null}
      {node.deployments.length === 0 ? (
        <p className="muted">No deployments on this node.</p>
      ) : (
        <NodeDeployments deployments={node.deployments} />
      )}
    </section>
  );
}

/** Every node with its deployments, status and latest CPU and memory, and the open alerts: from the store. */
export function FleetOverview() {
  const fleet = useAppStore((s) => s.fleet);
  const error = useAppStore((s) => s.monitoringError);
  const load = useAppStore((s) => s.loadFleet);
  const watch = useAppStore((s) => s.watchMonitoring);
  const now = useNow();
  useMonitoringFocus('fleet', [], fleet?.nodes.map((n) => n.nodeId) ?? []);
  useEffect(() => watch(), [watch]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className={`page ${styles.monitoring}`} data-testid="fleet-overview">
      <PageHeader
        title="Monitoring"
        subtitle="Your nodes and what runs on them, kept on this computer so it opens without a connection."
      />
      <ErrorBanner error={error} />
      <section className="card" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts</h2>
        {fleet ? (
          <AlertList alerts={fleet.alerts} emptyText="Nothing needs attention." />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      {fleet?.nodes.length === 0 ? <p className="muted">Add a node to see it here.</p> : null}
      {fleet?.nodes.map((node) => (
        <NodeCard key={node.nodeId} node={node} now={now} />
      ))}
    </div>
  );
}
