import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { useNodeDeployments } from './use-node-deployments';
import styles from './nodes.module.css';

/** What runs on the node: its deployments, each a link to its page. */
export function NodeDeployments({ nodeId }: { nodeId: string }) {
  const navigate = useAppStore((s) => s.navigate);
  const { deployments, error } = useNodeDeployments(nodeId);
  return (
    <section className="card" aria-labelledby="node-deployments-heading">
      <h2 id="node-deployments-heading">What runs here</h2>
      <ErrorBanner error={error} />
      {deployments?.length === 0 ? <p className="muted">No deployments on this node.</p> : null}
      <ul className={styles.nodeDeployments} data-testid="node-deployments">
        {deployments?.map((deployment) => (
          <li key={deployment.id}>
            <button
              type="button"
              className="link-button"
              onClick={() => navigate({ page: 'deployments', id: deployment.id })}
            >
              {deployment.name}
            </button>{' '}
            <span className="muted">
              {deployment.templateName} · {deployment.status}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
