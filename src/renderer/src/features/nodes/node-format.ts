import type { Node, NodeStatus } from '@shared/contract/nodes';

export const statusLabel: Record<NodeStatus, string> = {
  unknown: 'Not checked yet',
  online: 'Online',
  degraded: 'Degraded',
  offline: 'Offline',
  maintenance: 'Maintenance',
};

export const statusClass: Record<NodeStatus, string> = {
  unknown: 'badge',
  online: 'badge badge-ok',
  degraded: 'badge badge-warn',
  offline: 'badge badge-error',
  maintenance: 'badge',
};

export const formatLatency = (ms: number | null) =>
  ms === null ? '—' : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;

export const addressOf = (node: Node) =>
  node.kind === 'local' ? 'This computer (no SSH)' : `${node.user}@${node.host}:${node.port}`;
