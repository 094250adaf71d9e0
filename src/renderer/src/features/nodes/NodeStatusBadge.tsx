import type { NodeStatus } from '@shared/contract/nodes';
import { statusClass, statusLabel } from './node-format';

export function NodeStatusBadge({ status }: { status: NodeStatus }) {
  return (
    <span className={statusClass[status]} data-testid="node-status">
      {statusLabel[status]}
    </span>
  );
}
