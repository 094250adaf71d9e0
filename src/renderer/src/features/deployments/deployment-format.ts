import type { DeploymentStatus } from '@shared/contract/deployment-model';
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
