import type { NodeStatus } from '@shared/contract/nodes';
import { statusClass, statusLabel } from './node-format';

/** The node's status; "Connecting…" while a node known from an earlier run waits for its first check. */
export function NodeStatusBadge({ status, isConnecting = false }: { status: NodeStatus; isConnecting?: boolean }) {
  if (isConnecting)
    return (
      <span className="badge" data-testid="node-status" title={`Last known: ${statusLabel[status]}`}>
        Connecting…
      </span>
    );
  return (
    <span className={statusClass[status]} data-testid="node-status">
      {statusLabel[status]}
    </span>
  );
}
