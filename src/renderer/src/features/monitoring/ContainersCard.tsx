import type { DeploymentOverview } from '@shared/contract/monitoring';
import { AlertList } from './AlertList';
import { healthClass, stateClass } from './monitoring-format';

/** Each container as last seen (also with the node away), and the deployment's open alerts. */
export function ContainersCard({ overview }: { overview: DeploymentOverview }) {
  return (
    <section className="card" aria-labelledby="containers-heading" data-testid="monitoring-containers">
      <h2 id="containers-heading">Containers</h2>
      <AlertList alerts={overview.alerts} emptyText="No open alerts." />
      {overview.containers.length === 0 ? (
        <p className="muted">No container seen yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Service</th>
              <th>State</th>
              <th>Health</th>
              <th>Restarts</th>
              <th>Exit code</th>
              <th>Started</th>
              <th>As of</th>
            </tr>
          </thead>
          <tbody>
            {overview.containers.map((c) => (
              <tr key={c.containerId} data-testid="container-row">
                <td>
                  {c.service} <span className="muted mono">{c.containerId}</span>
                </td>
                <td>
                  <span className={stateClass(c.state)}>{c.state}</span>
                </td>
                <td>
                  <span className={healthClass(c.health)}>{c.health === 'none' ? 'no check' : c.health}</span>
                </td>
                <td>{c.restartCount}</td>
                <td>{c.exitCode ?? '—'}</td>
                <td>{c.startedAt ? new Date(c.startedAt).toLocaleString() : '—'}</td>
                <td className="muted">{new Date(c.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
