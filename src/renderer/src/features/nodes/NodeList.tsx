import type { Node } from '@shared/contract/nodes';
import { formatAgo } from '../../components/relative-time';
import { useAppStore } from '../../store';
import { addressOf, formatLatency } from './node-format';
import { resourceSummary } from './node-page-model';
import { NodeStatusBadge } from './NodeStatusBadge';
import styles from './nodes.module.css';

export function NodeList({ nodes }: { nodes: Node[] }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Status</th>
          <th>Address</th>
          <th>Last seen</th>
          <th>Latency</th>
          <th>Resources</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => (
          <tr key={node.id} data-testid="node-row">
            <td>
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ page: 'nodes', id: node.id })}
              >
                {node.name}
              </button>
              {node.tags.map((tag) => (
                <span key={tag} className={`badge ${styles.nodeTag}`}>
                  {tag}
                </span>
              ))}
            </td>
            <td>
              <NodeStatusBadge status={node.status} isConnecting={node.isConnecting} />
              {node.lastError && node.status !== 'online' ? (
                <div className={styles.nodeError}>{node.lastError.message}</div>
              ) : null}
            </td>
            <td className="mono">{addressOf(node)}</td>
            <td title={node.lastSeenAt ?? undefined}>{formatAgo(node.lastSeenAt)}</td>
            <td>{formatLatency(node.latencyMs)}</td>
            <td>{resourceSummary(node.resources)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
