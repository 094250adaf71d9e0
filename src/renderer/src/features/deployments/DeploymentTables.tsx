import type { DeploymentDetail } from '@shared/contract/deployments';
import { StatusBadge } from './StatusBadge';
import { formatDateTime } from './deployment-format';

export function PortsTable({ detail }: { detail: DeploymentDetail }) {
  return (
    <section className="card" aria-labelledby="ports-heading">
      <h2 id="ports-heading">Ports</h2>
      {detail.ports.length === 0 ? (
        <p className="muted">No ports are published.</p>
      ) : (
        <table className="table" data-testid="ports">
          <thead>
            <tr>
              <th>Service</th>
              <th>Container</th>
              <th>Node</th>
              <th>Address</th>
            </tr>
          </thead>
          <tbody>
            {detail.ports.map((port) => (
              <tr key={`${port.service}-${port.containerPort}-${port.protocol}`}>
                <td>{port.service}</td>
                <td>
                  {port.containerPort}/{port.protocol}
                </td>
                <td>
                  {detail.exposure === 'private' ? '127.0.0.1:' : ''}
                  {port.hostPort}
                </td>
                <td>
                  {port.url ? (
                    <a href={port.url} target="_blank" rel="noreferrer" className="mono">
                      {port.url}
                    </a>
                  ) : (
                    <span className="muted">through an SSH tunnel</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** `transitions` arrive newest first. */
export function TransitionsTable({ transitions }: { transitions: DeploymentDetail['transitions'] }) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <table className="table" data-testid="transitions">
        <thead>
          <tr>
            <th>Time</th>
            <th>Change</th>
            <th>Cause</th>
          </tr>
        </thead>
        <tbody>
          {transitions.map((t, index) => (
            <tr key={`${t.at}-${index}`}>
              <td>{formatDateTime(t.at)}</td>
              <td>
                {t.from ? <StatusBadge status={t.from} /> : <span className="muted">new</span>} →{' '}
                <StatusBadge status={t.to} />
              </td>
              <td>{t.cause}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
