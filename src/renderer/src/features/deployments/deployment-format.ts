import type { DeploymentStatus, DeploymentSummary } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import { formatBytes } from '../../components/format';

const statusTone: Record<DeploymentStatus, string> = {
  pending: 'badge-warn',
  scheduled: 'badge-warn',
  starting: 'badge-warn',
  running: 'badge-ok',
  degraded: 'badge-warn',
  stopping: 'badge-warn',
  stopped: '',
  updating: 'badge-warn',
  deleting: 'badge-warn',
  deleted: '',
  failed: 'badge-error',
};

export const statusBadgeClass = (status: DeploymentStatus): string => `badge ${statusTone[status]}`.trim();

export const formatTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "online · 3.8 GiB memory · 40 GiB disk free", or why the room is unknown. */
export function nodeRoom(node: Node): string {
  const parts: string[] = [node.isMaintenance ? 'maintenance' : node.status];
  if (node.resources) {
    parts.push(`${formatBytes(node.resources.memoryBytes)} memory`);
    if (node.resources.diskFreeBytes !== null)
      parts.push(`${formatBytes(node.resources.diskFreeBytes)} disk free`);
  } else {
    parts.push('not tested yet');
  }
  return parts.join(' · ');
}

/** Why actions that need the node are off: the same words the core refuses them with. Null while the node can be seen. */
export function unreachableReason(
  deployment: Pick<DeploymentSummary, 'reachability'>,
  nodeName: string,
): string | null {
  const { nodeReachable, since } = deployment.reachability;
  if (nodeReachable) return null;
  return since
    ? `${nodeName} has been unreachable since ${formatDateTime(since)}; try again when it is back.`
    : `${nodeName} cannot be reached; try again when it is back.`;
}

/** "web and db", "web, db and cache": the services an action takes down, as a sentence says them. */
export function serviceList(services: readonly string[]): string {
  if (services.length === 0) return 'Its containers';
  if (services.length === 1) return services[0] ?? '';
  return `${services.slice(0, -1).join(', ')} and ${services.at(-1) ?? ''}`;
}
