import type { DeploymentDetail } from '@shared/contract/deployments';
import type { ServiceState } from '@shared/contract/services';

const listed = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;

/** What the stop dialog says: the service stays down, and what waits on it may stop working. */
export function stopConsequence(service: ServiceState): string {
  const what = service.copies > 1 ? `All ${String(service.copies)} copies of ${service.service}` : service.service;
  const base = `${what} ${service.copies > 1 ? 'stop and stay' : 'stops and stays'} down until you start it again (or start the whole app); the app keeps counting as running.`;
  if (service.dependents.length === 0) return base;
  const verb = service.dependents.length === 1 ? 'depends' : 'depend';
  return `${base} ${listed(service.dependents)} ${verb} on it and may not work while it is down.`;
}

/** Why the service buttons are off, or null: the node out of reach, an operation under way, the app not running. */
export function serviceBlocker(detail: DeploymentDetail, unreachable: string | null): string | null {
  if (unreachable) return unreachable;
  if (detail.activeJobId) return 'An operation is under way on this app; wait for it to finish.';
  if (detail.status !== 'running' && detail.status !== 'degraded')
    return `The app is ${detail.status}: start it to control its services one by one.`;
  return null;
}

export const stateText = (service: ServiceState): string => {
  if (service.isStoppedByUser && service.state !== 'running') return 'stopped by you';
  if (service.state === 'running' && service.health) return `running, ${service.health}`;
  return service.state;
};

export const stateBadge = (service: ServiceState): string => {
  if (service.state === 'running') return service.health === 'unhealthy' ? 'badge-error' : 'badge-ok';
  return service.isStoppedByUser ? '' : 'badge-warn';
};
