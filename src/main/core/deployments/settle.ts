import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { labels } from './compose-labels';

/**
 * What the node has of a deployment, judged from its containers (found by our labels):
 * - `healthy`: every service has a container up (running, and healthy where it has a healthcheck);
 * - `partial`: some services are up, `down` are not;
 * - `stopped`: containers exist but no service is up;
 * - `gone`: no container carries the deployment's label;
 * - `unreachable`: the node cannot be seen, so nothing is known.
 */
export type NodeReality =
  | { kind: 'unreachable' }
  | { kind: 'healthy' }
  | { kind: 'partial'; down: readonly string[] }
  | { kind: 'stopped' }
  | { kind: 'gone' };

export type RealityKind = NodeReality['kind'];

/** A change of the stored state to what the node has, with the cause recorded and the error shown. */
export interface Settlement {
  to: DeploymentStatus;
  cause: string;
  error: string | null;
}

/** States a deployment rests in; every other one belongs to an operation (or to crash recovery). */
export const settledStatuses: readonly DeploymentStatus[] = ['running', 'degraded', 'stopped', 'failed'];

const toRunning = (stored: DeploymentStatus): Settlement => ({
  to: 'running',
  cause:
    stored === 'degraded'
      ? 'every container is running and healthy again on the node'
      : `found running on the node: every container is running and healthy (it was ${stored})`,
  error: null,
});

const toDegraded = (down: readonly string[]): Settlement => ({
  to: 'degraded',
  cause: `found partly running on the node: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} not up`,
  error: null,
});

const toFailed = (kind: 'stopped' | 'gone'): Settlement => {
  const reason =
    kind === 'gone'
      ? 'Its containers are gone from the node: nothing carries its labels any more.'
      : 'Every one of its containers has stopped on the node.';
  return { to: 'failed', cause: `found ${kind === 'gone' ? 'gone' : 'stopped'} on the node`, error: reason };
};

/**
 * The one decision of reconciliation: a deployment's stored state against what its node has.
 * Returns the change to make, or null to keep the stored state. An unreachable node changes
 * nothing (the stored state stays the last one known); transitional states are left to their
 * operation; a stopped or failed deployment whose containers are down stays as it is.
 */
export function settle(stored: DeploymentStatus, observed: NodeReality): Settlement | null {
  if (!settledStatuses.includes(stored) || observed.kind === 'unreachable') return null;
  switch (observed.kind) {
    case 'healthy':
      return stored === 'running' ? null : toRunning(stored);
    case 'partial':
      return stored === 'degraded' ? null : toDegraded(observed.down);
    case 'stopped':
    case 'gone':
      return stored === 'running' || stored === 'degraded' ? toFailed(observed.kind) : null;
  }
}

/** A service as reconciliation expects it; `mayExit`: a one-shot others wait on to complete. */
export interface ExpectedService {
  service: string;
  mayExit: boolean;
}

/** The fields of Docker's container list that reconciliation reads. */
export interface ListedContainer {
  Labels: Record<string, string>;
  State: string;
  Status: string;
}

const isUp = (container: ListedContainer, mayExit: boolean): boolean => {
  if (container.State === 'running') return !/\((unhealthy|health: starting)\)/.test(container.Status);
  return mayExit && container.State === 'exited' && /^Exited \(0\)/.test(container.Status);
};

/**
 * Judges a deployment's containers against the services its active revision runs. A one-shot that
 * exited cleanly counts as up, but alone it does not make a deployment running: with no long-running
 * service up, the deployment is stopped.
 */
export function observeContainers(
  containers: readonly ListedContainer[],
  expected: readonly ExpectedService[],
): NodeReality {
  if (containers.length === 0) return { kind: 'gone' };
  const isServiceUp = ({ service, mayExit }: ExpectedService) =>
    containers.some((c) => c.Labels[labels.service] === service && isUp(c, mayExit));
  const down = expected.filter((s) => !isServiceUp(s)).map(({ service }) => service);
  if (down.length === 0) return { kind: 'healthy' };
  const longRunning = expected.filter((s) => !s.mayExit);
  const isAnyUp = longRunning.length > 0 ? longRunning.some(isServiceUp) : down.length < expected.length;
  return isAnyUp ? { kind: 'partial', down } : { kind: 'stopped' };
}
