import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import { isCopyOf, labels } from './compose-labels';
import {
  createAndStart,
  ensureNetworks,
  ensureVolumes,
  listDeploymentContainers,
  removeContainer,
  removeNetwork,
  removeVolume,
  startContainer,
  tailLogs,
} from './docker-engine';
import { pullMissingImages } from '../docker/images';
import { waitDependencies, waitReady, type ReadinessOptions } from './docker-readiness';
import type { DeploymentPlan } from './plan-types';
import type { EngineContext } from '../docker/engine-context';

export interface ApplyOptions extends EngineContext {
  readiness: ReadinessOptions;
  now: () => Date;
}

/**
 * The container of each service's first copy, from containers started by name: what `depends_on`
 * waits for (Compose too waits for one copy) and whose logs explain a failure.
 */
const firstCopies = (plan: DeploymentPlan, started: ReadonlyMap<string, string>): Map<string, string> =>
  new Map(
    plan.services.flatMap((s) => {
      const id = s.replica === 1 ? started.get(s.containerName) : undefined;
      return id === undefined ? [] : [[s.service, id] as const];
    }),
  );

/** What a failed apply left to explain: the failing service and its last log lines. */
async function explain(
  docker: Docker,
  error: unknown,
  byService: ReadonlyMap<string, string>,
): Promise<AppError> {
  const service = error instanceof AppError ? (error.details?.service as string | undefined) : undefined;
  const id = service ? byService.get(service) : undefined;
  const logs = id ? await tailLogs(docker, id, 15) : '';
  const base = error instanceof AppError ? error : new AppError('unavailable', (error as Error).message);
  if (!logs) return base;
  return new AppError(base.code, `${base.message}\nLast lines from ${service ?? 'the container'}:\n${logs}`, {
    details: base.details,
  });
}

/**
 * Brings a plan up on the node: images, networks, volumes, then each service in start order, waiting
 * for what it depends on, then until every container is ready. On any failure, everything this call
 * created is removed again (volumes only when this call created them), so the node is as it was.
 */
export async function applyPlan(docker: Docker, plan: DeploymentPlan, options: ApplyOptions): Promise<void> {
  const started = new Map<string, string>();
  let createdNetworks: string[] = [];
  let createdVolumes: string[] = [];
  try {
    await pullMissingImages(
      docker,
      plan.services.map((s) => s.image),
      options,
    );
    options.step('Creating network and volumes');
    createdVolumes = await ensureVolumes(docker, plan);
    createdNetworks = await ensureNetworks(docker, plan);
    for (const [index, service] of plan.services.entries()) {
      options.signal.throwIfAborted();
      options.step(`Starting ${service.service}`, index / plan.services.length);
      await waitDependencies(docker, service, firstCopies(plan, started), options.readiness, options.signal);
      started.set(service.containerName, await createAndStart(docker, service, options.now()));
    }
    for (const service of plan.services) {
      options.step(`Waiting for ${service.service} to be ${service.hasHealthcheck ? 'healthy' : 'up'}`);
      const id = started.get(service.containerName);
      if (id) await waitReady(docker, service, id, options.readiness, options.signal);
    }
  } catch (error) {
    const explained = options.signal.aborted
      ? null
      : await explain(docker, error, firstCopies(plan, started));
    options.step('Rolling back');
    for (const id of [...started.values()].reverse()) await removeContainer(docker, id);
    for (const name of createdNetworks) await removeNetwork(docker, name);
    for (const name of createdVolumes) await removeVolume(docker, name);
    throw explained ?? error;
  }
}

/** Starts existing containers in order, waiting for their dependencies and readiness; recreates missing ones. */
export async function startContainers(
  docker: Docker,
  plan: DeploymentPlan,
  options: ApplyOptions,
): Promise<void> {
  const containers = await listDeploymentContainers(docker, plan.deploymentId);
  const missing = plan.services.filter((s) => !containers.some((c) => isCopyOf(c, s)));
  if (missing.length > 0)
    await pullMissingImages(
      docker,
      missing.map((s) => s.image),
      options,
    );
  await ensureNetworks(docker, plan);
  await ensureVolumes(docker, plan);
  const started = new Map<string, string>();
  for (const [index, service] of plan.services.entries()) {
    options.signal.throwIfAborted();
    options.step(`Starting ${service.service}`, index / plan.services.length);
    await waitDependencies(docker, service, firstCopies(plan, started), options.readiness, options.signal);
    const existing = containers.find((c) => isCopyOf(c, service));
    if (existing) {
      if (existing.State !== 'running') await startContainer(docker, existing.Id);
      started.set(service.containerName, existing.Id);
    } else {
      started.set(service.containerName, await createAndStart(docker, service, options.now()));
    }
  }
  try {
    for (const service of plan.services) {
      const id = started.get(service.containerName);
      if (id) await waitReady(docker, service, id, options.readiness, options.signal);
    }
  } catch (error) {
    throw options.signal.aborted ? error : await explain(docker, error, firstCopies(plan, started));
  }
}

/**
 * Removes every container (with its anonymous volumes) and network of a deployment, and its named
 * volumes when asked. Safe to repeat.
 */
export async function removeDeployment(
  docker: Docker,
  deploymentId: string,
  plan: Pick<DeploymentPlan, 'networks' | 'volumes'> | null,
  deleteData: boolean,
): Promise<void> {
  for (const container of await listDeploymentContainers(docker, deploymentId))
    await removeContainer(docker, container.Id);
  const networks = await docker.listNetworks({
    filters: { label: [`${labels.deployment}=${deploymentId}`] },
  });
  for (const network of networks) await removeNetwork(docker, network.Name);
  for (const name of plan?.networks.map((n) => n.name) ?? []) await removeNetwork(docker, name);
  if (!deleteData) return;
  const volumes = await docker.listVolumes({ filters: { label: [`${labels.deployment}=${deploymentId}`] } });
  for (const volume of volumes.Volumes) await removeVolume(docker, volume.Name);
}
