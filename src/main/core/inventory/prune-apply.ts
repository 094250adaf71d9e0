import type Docker from 'dockerode';
import type { PruneResult } from '@shared/contract/inventory';
import { statusOf } from '../docker/engine-context';
import { engineReason } from '../docker/engine-reason';
import { classify } from './classify';
import { listingOf, readDiskUsage } from './engine-listing';
import type { KnownDeployment } from './ports';
import { cacheSkip, deploymentsPulling, imageSkip, volumeSkip } from './prune-plan';

export interface PruneRequest {
  imageIds: readonly string[];
  buildCacheIds: readonly string[];
  volumeNames: readonly string[];
}

type Skipped = PruneResult['skipped'];
type Kind = Skipped[number]['kind'];

/** Runs one removal; an engine that says "in use" or "gone" turns it into a skip with its reason. */
async function attempt(
  kind: Kind,
  id: string,
  skipped: Skipped,
  remove: () => Promise<void>,
): Promise<boolean> {
  try {
    await remove();
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status !== 404 && status !== 409) throw error;
    skipped.push({ kind, id, reason: status === 404 ? 'no longer on the node' : engineReason(error) });
    return false;
  }
}

/** Each tag without force (the last one deletes the image), or the id of an untagged image. */
async function removeImage(docker: Docker, tags: readonly string[], id: string): Promise<void> {
  for (const tag of tags) await docker.getImage(tag).remove();
  if (tags.length === 0) await docker.getImage(id).remove();
}

/**
 * One build cache record by its id: the engine takes one `id` filter per call and hands it to
 * BuildKit as a regular expression (`id~=…`, moby's toBuildkitPruneInfo), so each record is its own
 * call, anchored to match that id alone; only records the answer names count as removed.
 */
async function removeCacheRecord(docker: Docker, id: string): Promise<boolean> {
  // dockerode's pruneBuilder sends no filters, so the request is dialled as it would build it.
  const answer = await new Promise<{ CachesDeleted?: string[] | null } | undefined>((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build/prune?',
        method: 'POST',
        options: { _query: { all: true, filters: { id: [`^${id}$`] } }, _body: {} },
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (error, data) =>
        error ? reject(error) : resolve(data as { CachesDeleted?: string[] | null } | undefined),
    );
  });
  return (answer?.CachesDeleted ?? []).includes(id);
}

/**
 * Removes exactly the items asked for, each only if it is still a candidate on a fresh reading of
 * the engine (one `/system/df`, which has every list and size at once); anything now in use, or no
 * longer a candidate, is skipped and said why.
 */
export async function applyPrune(
  docker: Docker,
  nodeId: string,
  request: PruneRequest,
  deployments: readonly KnownDeployment[],
  now: string,
): Promise<PruneResult> {
  const usage = await readDiskUsage(docker);
  const inventory = classify(nodeId, listingOf(usage), deployments, now);
  const buildCache = usage.BuildCache ?? [];
  const result: PruneResult = {
    removed: { images: [], buildCache: [], volumes: [] },
    skipped: [],
    reclaimedBytes: 0,
  };
  const { skipped, removed } = result;
  const pulling = deploymentsPulling(deployments, nodeId);
  for (const id of new Set(request.imageIds)) {
    const skip = imageSkip(inventory, id, pulling);
    const image = inventory.images.find((candidate) => candidate.id === id);
    if (skip || !image) {
      if (skip) skipped.push(skip);
      continue;
    }
    if (await attempt('image', id, skipped, () => removeImage(docker, image.tags, id))) {
      removed.images.push(id);
      result.reclaimedBytes += image.bytes;
    }
  }
  for (const name of new Set(request.volumeNames)) {
    const skip = volumeSkip(inventory, name);
    if (skip) {
      skipped.push(skip);
      continue;
    }
    if (await attempt('volume', name, skipped, () => docker.getVolume(name).remove())) {
      removed.volumes.push(name);
      result.reclaimedBytes += inventory.volumes.find((volume) => volume.name === name)?.bytes ?? 0;
    }
  }
  for (const id of new Set(request.buildCacheIds)) {
    const skip = cacheSkip(buildCache, id);
    if (skip) {
      skipped.push(skip);
    } else if (await removeCacheRecord(docker, id)) {
      removed.buildCache.push(id);
      result.reclaimedBytes += Math.max(0, buildCache.find((record) => record.ID === id)?.Size ?? 0);
    } else {
      skipped.push({ kind: 'buildCache', id, reason: 'the engine did not remove it' });
    }
  }
  return result;
}
