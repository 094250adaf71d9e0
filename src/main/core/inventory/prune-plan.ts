import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { NodeInventory, PrunePreview, PruneResult } from '@shared/contract/inventory';
import type { EngineBuildCache } from './engine-listing';
import type { KnownDeployment } from './ports';

type Candidates = Omit<PrunePreview, 'nodeId'>;
type Skip = PruneResult['skipped'][number];

const isUnusedImage = (image: NodeInventory['images'][number]) =>
  image.usedBy.length === 0 && image.deployments.length === 0;
const isLeftoverVolume = (volume: NodeInventory['volumes'][number]) =>
  volume.owner.kind === 'leftover' && volume.usedBy.length === 0;

/** Operations that pull images before any container uses them (and record them only once up). */
const PULLING: readonly DeploymentStatus[] = ['pending', 'scheduled', 'starting', 'updating'];

/** The names of the deployments on this node that may be pulling an image right now. */
export const deploymentsPulling = (deployments: readonly KnownDeployment[], nodeId: string): string[] =>
  deployments
    .filter((deployment) => deployment.nodeId === nodeId && PULLING.includes(deployment.status))
    .map((deployment) => deployment.name);

/**
 * What a clean-up may remove: images no container and no deployment uses (dangling or not; none
 * while a deployment on the node may be pulling one), build cache no build holds, and volumes
 * labelled with a deployment this app no longer has that nothing mounts. Never a deployment's
 * volume, never an unmanaged one. Pure, so it is table-tested.
 */
export function pruneCandidates(
  inventory: NodeInventory,
  buildCache: readonly EngineBuildCache[],
  pulling: readonly string[],
): Candidates {
  const images =
    pulling.length > 0
      ? []
      : inventory.images.filter(isUnusedImage).map(({ id, tags, bytes }) => ({ id, tags, bytes }));
  const cache = buildCache
    .filter((record) => !record.InUse)
    .map((record) => ({
      id: record.ID,
      description: record.Description || record.Type || 'build cache',
      bytes: Math.max(0, record.Size),
    }));
  const volumes = inventory.volumes.filter(isLeftoverVolume).map((volume) => ({
    name: volume.name,
    deploymentId: volume.owner.kind === 'leftover' ? volume.owner.deploymentId : '',
    bytes: volume.bytes,
  }));
  const totalBytes = [...images, ...cache, ...volumes].reduce((sum, item) => sum + (item.bytes ?? 0), 0);
  return { images, buildCache: cache, volumes, totalBytes, imagesWaitFor: [...pulling] };
}

const names = (items: readonly { name: string }[]) => items.map((item) => item.name).join(', ');

/** Why an image asked for is not removed now, or null when it still may be. */
export function imageSkip(inventory: NodeInventory, id: string, pulling: readonly string[]): Skip | null {
  const image = inventory.images.find((candidate) => candidate.id === id);
  const reason = !image
    ? 'no longer on the node'
    : pulling.length > 0
      ? `${pulling.join(', ')} is being deployed or updated on this node; clean up images once that is done`
      : image.usedBy.length > 0
        ? `now used by container ${names(image.usedBy)}`
        : image.deployments.length > 0
          ? `used by deployment ${names(image.deployments)}`
          : null;
  return reason === null ? null : { kind: 'image', id, reason };
}

/** Why a volume asked for is not removed now, or null when it is a leftover nothing mounts. */
export function volumeSkip(inventory: NodeInventory, name: string): Skip | null {
  const volume = inventory.volumes.find((candidate) => candidate.name === name);
  const reason = !volume
    ? 'no longer on the node'
    : volume.owner.kind === 'deployment'
      ? `belongs to deployment ${volume.owner.deploymentName}; delete the deployment with its data instead`
      : volume.owner.kind === 'unmanaged'
        ? 'not made by this app: unmanaged volumes are never removed here'
        : volume.usedBy.length > 0
          ? `now mounted by container ${names(volume.usedBy)}`
          : null;
  return reason === null ? null : { kind: 'volume', id: name, reason };
}

/** Why a build cache record asked for is not removed now, or null when no build holds it. */
export function cacheSkip(buildCache: readonly EngineBuildCache[], id: string): Skip | null {
  const record = buildCache.find((candidate) => candidate.ID === id);
  const reason = !record ? 'no longer in the build cache' : record.InUse ? 'in use by a build' : null;
  return reason === null ? null : { kind: 'buildCache', id, reason };
}
