import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import { engineReason } from '../docker/engine-reason';
import { statusOf } from '../docker/engine-context';
import { demuxLogs } from '../docker/streams';
import { tarFiles } from '../docker/tar';
import { deploymentFilter, labels } from './compose-labels';
import { gpuRefusal } from './gpu-requests';
import type { DeploymentPlan, ServicePlan } from './plan-types';


export const listDeploymentContainers = (docker: Docker, deploymentId: string) =>
  docker.listContainers({ all: true, filters: deploymentFilter(deploymentId) });

/** Reads the last lines a container printed, for error messages that say why it failed. */
export async function tailLogs(docker: Docker, containerId: string, lines = 20): Promise<string> {
  try {
    const buffer = await docker
      .getContainer(containerId)
      .logs({ stdout: true, stderr: true, tail: lines, follow: false });
    return demuxLogs(buffer)
      .map((line) => line.text)
      .join('\n');
  } catch {
    return '';
  }
}

/** Creates the networks the node lacks and returns their names, so a failed first deploy can remove them. */
export async function ensureNetworks(docker: Docker, plan: DeploymentPlan): Promise<string[]> {
  const created: string[] = [];
  for (const network of plan.networks) {
    try {
      await docker.getNetwork(network.name).inspect();
      continue;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    await docker.createNetwork({
      Name: network.name,
      Driver: 'bridge',
      Internal: network.internal,
      Labels: network.labels,
      CheckDuplicate: true,
    });
    created.push(network.name);
  }
  return created;
}

/**
 * Creates the plan's volumes. Every volume is looked at first, so a refusal creates nothing: a volume
 * of this name that another deployment owns (a deleted deployment of the same name keeps its data
 * until it is deleted with its data), or that this app did not make, is never taken over.
 */
export async function ensureVolumes(docker: Docker, plan: DeploymentPlan): Promise<string[]> {
  const missing: DeploymentPlan['volumes'] = [];
  for (const volume of plan.volumes) {
    let owner: string | undefined;
    try {
      const found = (await docker.getVolume(volume.name).inspect()) as {
        Labels?: Record<string, string> | null;
      };
      owner = found.Labels?.[labels.deployment];
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      if (volume.external)
        throw new AppError(
          'not_found',
          `The external volume ${volume.name} does not exist on the node; create it first.`,
        );
      missing.push(volume);
      continue;
    }
    if (!volume.external && owner !== plan.deploymentId)
      throw new AppError(
        'conflict',
        owner === undefined
          ? `The node already has a volume named ${volume.name} that this app did not make; it is left alone. Pick another deployment name, or remove that volume on the node.`
          : `The node still has the volume ${volume.name} of another deployment (one deleted while keeping its data has the same name). Its data is not handed to a new deployment: pick another name, or delete that volume first.`,
      );
  }
  const created: string[] = [];
  for (const volume of missing) {
    await docker.createVolume({
      Name: volume.name,
      Labels: volume.labels,
      ...(Object.keys(volume.driverOpts).length > 0
        ? { Driver: 'local', DriverOpts: volume.driverOpts }
        : {}),
    });
    created.push(volume.name);
  }
  return created;
}

/**
 * Creates a service's container, writes its config files into it, and starts it. A container that
 * cannot be set up or started is removed again, so the caller only ever has started ones to undo.
 */
export async function createAndStart(docker: Docker, service: ServicePlan, now: Date): Promise<string> {
  const container = await docker
    .createContainer({ ...service.options, name: service.containerName })
    .catch((error: unknown) => {
      throw gpuRefusal(error, service.service) ?? error;
    });
  try {
    for (const network of service.extraNetworks)
      await docker
        .getNetwork(network.name)
        .connect({ Container: container.id, EndpointConfig: { Aliases: network.aliases } });
    if (service.files.length > 0) await container.putArchive(tarFiles(service.files, now), { path: '/' });
    await container.start();
  } catch (error) {
    await removeContainer(docker, container.id);
    throw portTaken(error, service.service) ?? gpuRefusal(error, service.service) ?? error;
  }
  return container.id;
}

/** A host port that another program took after the deploy chose it, as Docker reports it on start. */
function portTaken(error: unknown, service: string): AppError | null {
  const reason = engineReason(error);
  const port =
    /:(\d+): bind: address already in use|Bind for [^\s]*:(\d+) failed: port is already allocated/.exec(
      reason,
    );
  if (!port) return null;
  const taken = Number(port[1] ?? port[2]);
  return new AppError(
    'conflict',
    `Port ${String(taken)} on the node is already taken by another program, so ${service} could not start. Free the port, or deploy again: a new deploy picks a free one.`,
    { details: { service, takenPort: taken }, cause: error },
  );
}

/** The host port a start found taken by another program, from the error `createAndStart` throws; else null. */
export const takenPortOf = (error: unknown): number | null =>
  error instanceof AppError && typeof error.details?.takenPort === 'number' ? error.details.takenPort : null;

/**
 * Docker answers 304 when a container is already in the state asked for (started, stopped): that is
 * what was asked. A start the app sent just before it was killed, for one, can finish after the app,
 * carrying on, saw the container stopped.
 */
export const unlessAlready = (error: unknown): void => {
  if (statusOf(error) !== 304) throw error;
};

/** Starts a container that exists; one already running is fine. */
export const startContainer = (docker: Docker, id: string): Promise<void> =>
  docker.getContainer(id).start().then(() => undefined, unlessAlready);

/**
 * Removes a container with the volumes Docker made for its image's VOLUME lines: nothing can mount
 * those again (a new container gets new ones), so they go with it. Named volumes stay.
 */
/** How long a removal the engine already runs (one an app killed mid-delete sent) is waited out. */
const REMOVAL_IN_PROGRESS_WAIT_MS = 60_000;

/** Removes a container; one already gone is fine, and one whose removal is under way is waited out. */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (error) {
    if (statusOf(error) === 404) return;
    if (statusOf(error) === 409 && /removal of container .* is already in progress/.test(engineReason(error)))
      return untilRemoved(docker, id, error);
    throw error;
  }
}

async function untilRemoved(docker: Docker, id: string, cause: unknown): Promise<void> {
  const until = Date.now() + REMOVAL_IN_PROGRESS_WAIT_MS;
  while (Date.now() < until) {
    try {
      await docker.getContainer(id).inspect();
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw cause;
}

export async function removeNetwork(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getNetwork(name).remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

export async function removeVolume(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** Volumes of a deployment and the bytes they hold on the node (`docker system df`'s figures). */
export async function deploymentVolumes(
  docker: Docker,
  deploymentId: string,
): Promise<{ name: string; bytes: number | null }[]> {
  const df = (await docker.df()) as {
    Volumes?: { Name: string; Labels: Record<string, string> | null; UsageData?: { Size: number } | null }[];
  };
  return (df.Volumes ?? [])
    .filter((volume) => volume.Labels?.[labels.deployment] === deploymentId)
    .map((volume) => ({
      name: volume.Name,
      bytes: volume.UsageData && volume.UsageData.Size >= 0 ? volume.UsageData.Size : null,
    }));
}
