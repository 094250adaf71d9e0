import type Docker from 'dockerode';
import type { Exposure } from '@shared/contract/deployment-model';
import type { NormalizedCompose, NormalizedService } from '@shared/contract/template-model';
import { applyPlan, startContainers, type ApplyOptions } from './apply-plan';
import { isCopyOf, labels } from './compose-labels';
import { graceOf, stopTogether, type StopTarget } from './container-stops';
import { listDeploymentContainers, removeContainer } from './docker-engine';
import type { DeploymentPlan, ServicePlan } from './plan-types';

const retiredName = (name: string, revision: number) => `${name}-rev${revision}`;

/**
 * How an update replaces a revision. `alongside`: the new containers start next to the old ones,
 * on host ports of their own, and the old ones stop only once the new ones are ready, so the app
 * never stops answering. `replace`: the old containers stop first (all at once), because the two
 * revisions cannot run together; `reason` says why.
 */
export type UpdateStrategy = { kind: 'alongside' } | { kind: 'replace'; reason: string };

/** A mount two copies of a service would both write to: a named volume or a host folder, not read-only. */
const sharedWrite = (service: NormalizedService): string | undefined => {
  for (const mount of service.mounts)
    if (mount.type !== 'tmpfs' && mount.source !== null && !mount.readOnly) return mount.source;
  return undefined;
};

/**
 * Whether the new revision can run next to the old one: its host ports are private (reached through
 * the app, which follows the switch), it shares no network namespace, and no two copies of a
 * service would write the same data at once.
 */
export function updateStrategy(
  exposure: Exposure,
  compose: NormalizedCompose,
  wasRunning: boolean,
): UpdateStrategy {
  const replace = (reason: string): UpdateStrategy => ({ kind: 'replace', reason });
  if (!wasRunning) return replace('it is not running');
  const publishes = compose.services.find((s) => s.ports.length > 0);
  if (publishes && exposure !== 'private')
    return replace(`the public ports of ${publishes.name} cannot be held by two revisions at once`);
  const shared = compose.services.find((s) => s.networkMode !== null);
  if (shared) return replace(`${shared.name} shares the network of ${shared.networkMode ?? ''}`);
  for (const service of compose.services) {
    const source = sharedWrite(service);
    if (source) return replace(`two copies of ${service.name} must not write to ${source} at once`);
  }
  return { kind: 'alongside' };
}

export interface UpdateSteps {
  strategy: UpdateStrategy;
  /** Whether the previous revision was meant to be up: a failed update starts it again. */
  wasRunning: boolean;
  /** Once the new revision is ready and before the old one stops: ports and the active revision change hands. */
  switchOver: () => Promise<void>;
}

/** The running containers among `containers`, in the services' start order, each with its grace period. */
const stopTargets = (services: readonly ServicePlan[], containers: Docker.ContainerInfo[]): StopTarget[] => {
  const order = (c: Docker.ContainerInfo) => {
    const index = services.findIndex((s) => s.service === c.Labels[labels.service]);
    return index === -1 ? services.length : index;
  };
  return containers
    .filter((c) => c.State === 'running')
    .sort((a, b) => order(a) - order(b))
    .map((c) => {
      const service = services.find((s) => s.service === c.Labels[labels.service]);
      return { id: c.Id, service: service?.service ?? c.Names[0] ?? c.Id, graceSeconds: graceOf(service) };
    });
};

/**
 * Replaces a revision with a new one by `steps.strategy`. The old containers are set aside under
 * another name, not removed, until the new revision is ready and switched to; if it never gets
 * there, the new containers go and the old ones come back, so a failed update rolls back on its own.
 */
export async function updatePlan(
  docker: Docker,
  previous: DeploymentPlan,
  next: DeploymentPlan,
  options: ApplyOptions,
  steps: UpdateSteps,
): Promise<void> {
  const old = (await listDeploymentContainers(docker, previous.deploymentId)).filter(
    (c) => c.Labels[labels.revision] === String(previous.revision),
  );
  if (steps.strategy.kind === 'replace')
    await stopTogether(docker, stopTargets(previous.services, old), options.step);
  else options.step('Starting the new revision next to the running one');
  for (const container of old) {
    const service = previous.services.find((s) => isCopyOf(container, s));
    const name = retiredName(service?.containerName ?? container.Id, previous.revision);
    if (!container.Names.includes(`/${name}`)) await docker.getContainer(container.Id).rename({ name });
  }
  try {
    await applyPlan(docker, next, options);
    options.step('Switching to the new revision');
    await steps.switchOver();
  } catch (error) {
    options.step('Restoring the previous revision');
    await restoreRetired(docker, previous);
    if (steps.wasRunning && steps.strategy.kind === 'replace')
      await startContainers(docker, previous, { ...options, signal: new AbortController().signal });
    throw error;
  }
  await retireOld(docker, previous, next.revision, options.step);
}

/**
 * Stops (all at once, each with the grace period `previous` gives its service) and removes every
 * container of the deployment not of revision `keep`, with its anonymous volumes (no revision mounts
 * another's): the last step of an update, and what finishes one the app was killed during after it
 * had switched. Safe to repeat.
 */
export async function retireOld(
  docker: Docker,
  previous: Pick<DeploymentPlan, 'deploymentId' | 'services'>,
  keep: number,
  step: (message: string) => void,
): Promise<void> {
  const old = (await listDeploymentContainers(docker, previous.deploymentId)).filter(
    (c) => c.Labels[labels.revision] !== String(keep),
  );
  if (old.length === 0) return;
  await stopTogether(docker, stopTargets(previous.services, old), step);
  step('Removing the previous revision');
  for (const container of old) await removeContainer(docker, container.Id);
}

/** Puts containers set aside by an interrupted update back under their own names. Safe to repeat. */
export async function restoreRetired(docker: Docker, previous: DeploymentPlan): Promise<void> {
  const containers = await listDeploymentContainers(docker, previous.deploymentId);
  for (const container of containers.filter((c) => c.Labels[labels.revision] !== String(previous.revision)))
    await removeContainer(docker, container.Id);
  for (const service of previous.services) {
    const retired = containers.find((c) =>
      c.Names.includes(`/${retiredName(service.containerName, previous.revision)}`),
    );
    if (retired) await docker.getContainer(retired.Id).rename({ name: service.containerName });
  }
}
