import type Docker from 'dockerode';
import { applyPlan, startContainers, type ApplyOptions } from './apply-plan';
import { labels } from './compose-labels';
import { listDeploymentContainers, removeContainer } from './docker-engine';
import type { DeploymentPlan } from './plan-types';

const retiredName = (name: string, revision: number) => `${name}-rev${revision}`;

/**
 * Replaces a running (or stopped) revision with a new one. The old containers are stopped and set
 * aside under another name, not removed, until the new revision is ready; if it never gets there,
 * the new containers go and the old ones come back, so a failed update rolls back on its own.
 */
export async function updatePlan(
  docker: Docker,
  previous: DeploymentPlan,
  next: DeploymentPlan,
  options: ApplyOptions,
): Promise<void> {
  const old = (await listDeploymentContainers(docker, previous.deploymentId)).filter(
    (c) => c.Labels[labels.revision] === String(previous.revision),
  );
  const wasRunning = old.some((c) => c.State === 'running');
  options.step('Stopping the previous revision');
  for (const container of old) {
    const service = previous.services.find((s) => s.service === container.Labels[labels.service]);
    const handle = docker.getContainer(container.Id);
    if (container.State === 'running') await handle.stop({ t: service?.stopTimeoutSeconds ?? 10 });
    await handle.rename({ name: retiredName(service?.containerName ?? container.Id, previous.revision) });
  }
  try {
    await applyPlan(docker, next, options);
  } catch (error) {
    options.step('Restoring the previous revision');
    await restoreRetired(docker, previous);
    if (wasRunning)
      await startContainers(docker, previous, { ...options, signal: new AbortController().signal });
    throw error;
  }
  options.step('Removing the previous revision');
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
