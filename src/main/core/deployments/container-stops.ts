import type Docker from 'dockerode';
import { labels } from './compose-labels';
import { listDeploymentContainers, unlessAlready } from './docker-engine';
import type { DeploymentPlan, ServicePlan } from './plan-types';

/** A running container to stop, with the grace period its service gives it before Docker kills it. */
export interface StopTarget {
  id: string;
  service: string;
  graceSeconds: number;
}

const DEFAULT_GRACE_SECONDS = 10;

const listed = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;

/** What the user reads while containers stop: the longest wait Docker may take, and for which services. */
export const stopWaitMessage = (targets: readonly StopTarget[]): string => {
  const seconds = Math.max(...targets.map((t) => t.graceSeconds));
  const services = [...new Set(targets.map((t) => t.service))];
  return `Waiting up to ${String(seconds)} s for ${listed(services)} to stop`;
};

/**
 * Stops containers all at once, each with its own grace period: a service that ignores SIGTERM
 * costs its grace period once, not once per service. Says how long it may wait before waiting.
 */
export async function stopTogether(
  docker: Docker,
  targets: readonly StopTarget[],
  step: (message: string) => void,
): Promise<void> {
  if (targets.length === 0) return;
  step(stopWaitMessage(targets));
  await Promise.all(targets.map((t) => docker.getContainer(t.id).stop({ t: t.graceSeconds }).catch(unlessAlready)));
}

/** How deep each service sits in `depends_on`: what nothing depends on stops first. One plan per service: its copies are found by label. */
function stopLevels(services: readonly ServicePlan[]): ServicePlan[][] {
  const depth = new Map<string, number>();
  // Plans are in start order, so a service's dependencies are placed before it.
  for (const service of services)
    depth.set(service.service, 1 + Math.max(-1, ...Object.keys(service.dependsOn).map((d) => depth.get(d) ?? -1)));
  const deepest = Math.max(0, ...depth.values());
  return Array.from({ length: deepest + 1 }, (_, level) =>
    services.filter((s) => s.replica === 1 && depth.get(s.service) === deepest - level),
  ).filter((level) => level.length > 0);
}

export const graceOf = (service: ServicePlan | undefined): number =>
  service?.stopTimeoutSeconds ?? DEFAULT_GRACE_SECONDS;

/**
 * Stops a deployment's running containers, dependents before what they depend on; services on the
 * same level stop together.
 */
export async function stopContainers(
  docker: Docker,
  plan: DeploymentPlan,
  signal: AbortSignal,
  step: (message: string) => void = () => undefined,
): Promise<void> {
  const running = (await listDeploymentContainers(docker, plan.deploymentId)).filter(
    (c) => c.State === 'running',
  );
  for (const level of stopLevels(plan.services)) {
    signal.throwIfAborted();
    const targets = level.flatMap((service) =>
      running
        .filter((c) => c.Labels[labels.service] === service.service)
        .map((c) => ({ id: c.Id, service: service.service, graceSeconds: graceOf(service) })),
    );
    await stopTogether(docker, targets, step);
  }
}
