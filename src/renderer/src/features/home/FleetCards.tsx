import type { Node } from '@shared/contract/nodes';
import { formatAgo } from '../../components/relative-time';
import { useAppStore } from '../../store';
import { countDeployments, countFleet, newestAlerts } from './home-model';
import { Figure, HomeCardFrame } from './HomeCardFrame';
import styles from './home.module.css';

function NotOnline({ nodes }: { nodes: readonly Node[] }) {
  const navigate = useAppStore((s) => s.navigate);
  const away = nodes.filter((node) => node.status !== 'online');
  if (away.length === 0) return null;
  return (
    <ul className={styles.rows}>
      {away.map((node) => (
        <li key={node.id}>
          <button
            type="button"
            className="link-button"
            onClick={() => navigate({ page: 'nodes', id: node.id })}
          >
            {node.name}
          </button>{' '}
          <span className="muted">
            {node.status}, last seen {formatAgo(node.lastSeenAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function NodesCard() {
  const card = useAppStore((s) => s.home.nodes);
  const navigate = useAppStore((s) => s.navigate);
  const open = () => navigate({ page: 'nodes' });
  return (
    <HomeCardFrame title="Nodes" card={card}>
      {(nodes) =>
        nodes.length === 0 ? (
          <div>
            <p className={`muted ${styles.emptyLine}`}>No servers yet.</p>
            <button type="button" className="primary" onClick={() => navigate({ page: 'nodes', id: 'new' })}>
              Add your first server
            </button>
          </div>
        ) : (
          <FleetFigures nodes={nodes} open={open} />
        )
      }
    </HomeCardFrame>
  );
}

function FleetFigures({ nodes, open }: { nodes: readonly Node[]; open: () => void }) {
  const fleet = countFleet(nodes);
  return (
    <>
      <div className={styles.figures} data-testid="home-fleet">
        <Figure count={fleet.online} label="online" tone={fleet.online ? 'ok' : undefined} onOpen={open} />
        <Figure
          count={fleet.offline}
          label="offline"
          tone={fleet.offline ? 'error' : undefined}
          onOpen={open}
        />
        <Figure
          count={fleet.degraded}
          label="degraded"
          tone={fleet.degraded ? 'warn' : undefined}
          onOpen={open}
        />
      </div>
      <NotOnline nodes={nodes} />
    </>
  );
}

const toneOf = (status: string) =>
  status === 'running' ? 'ok' : status === 'failed' ? 'error' : status === 'degraded' ? 'warn' : undefined;

export function DeploymentsCard() {
  const card = useAppStore((s) => s.home.deployments);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <HomeCardFrame title="Deployments" card={card}>
      {(deployments) => {
        const counts = countDeployments(deployments);
        if (counts.length === 0) return <p className="muted">Nothing deployed yet.</p>;
        return (
          <div className={styles.figures} data-testid="home-deployments">
            {counts.map(({ status, count }) => (
              <Figure
                key={status}
                count={count}
                label={status}
                tone={toneOf(status)}
                onOpen={() => navigate({ page: 'deployments' })}
              />
            ))}
          </div>
        );
      }}
    </HomeCardFrame>
  );
}

export function AlertsCard() {
  const card = useAppStore((s) => s.home.alerts);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <HomeCardFrame title="Open alerts" card={card}>
      {(alerts) => {
        const newest = newestAlerts(alerts, 5);
        if (newest.length === 0) return <p className="muted">No open alerts.</p>;
        return (
          <ul className={styles.rows} data-testid="home-alerts">
            {newest.map((alert) => (
              <li key={alert.id}>
                <span className={`badge ${alert.severity === 'error' ? 'badge-error' : 'badge-warn'}`}>
                  {alert.severity}
                </span>{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    navigate(
                      alert.deploymentId
                        ? { page: 'deployments', id: alert.deploymentId }
                        : { page: 'nodes', id: alert.nodeId },
                    )
                  }
                >
                  {alert.title}
                </button>{' '}
                <span className="muted">{formatAgo(alert.raisedAt)}</span>
              </li>
            ))}
          </ul>
        );
      }}
    </HomeCardFrame>
  );
}
