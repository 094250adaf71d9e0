import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { classify } from './classify';
import { diskUsageOf } from './disk-usage';
import { listingOf, readDiskUsage, readListing, type EngineDiskUsage } from './engine-listing';
import type { InventoryPorts } from './ports';
import { applyPrune } from './prune-apply';
import { deploymentsPulling, pruneCandidates } from './prune-plan';

export type InventoryFeature = Feature<MethodsOf<'inventory'>>;

const readable = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Shares one answer among callers who ask for the same node's reading while it is under way: a
 * second click, or two windows, never doubles a slow `/system/df` on a big engine.
 */
function singleFlight<T>(): (key: string, read: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, read) => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = read().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}

/**
 * What runs on a node's engine, its disk usage, and a clean-up with a preview. Reads on demand only
 * (no worker, no table): the node page asks when it is opened.
 */
export function createInventoryFeature(context: CoreContext, ports: InventoryPorts): InventoryFeature {
  const now = () => context.clock.now().toISOString();
  const listOnce = singleFlight<Awaited<ReturnType<typeof readListing>>>();
  const dfOnce = singleFlight<EngineDiskUsage>();

  /** The node's engine, refused at once with the reason when the node is known to be down. */
  async function engineOf(nodeId: string): Promise<Docker> {
    const node = ports.nodes.get(nodeId);
    if (!node)
      throw new AppError('not_found', 'That node no longer exists; pick one from the list.', {
        field: 'nodeId',
      });
    if (node.status === 'offline') {
      const since = node.lastSeenAt ? ` since ${readable(node.lastSeenAt)}` : '';
      throw new AppError(
        'host_unreachable',
        `${node.name} has been unreachable${since}, so what runs on it cannot be read; try again when it is back.`,
        { details: { nodeId } },
      );
    }
    return ports.connections.docker(nodeId);
  }
  const diskUsage = async (nodeId: string) => {
    const docker = await engineOf(nodeId);
    return dfOnce(nodeId, () => readDiskUsage(docker));
  };

  return {
    handlers: {
      'inventory:list': async ({ nodeId }) => {
        const docker = await engineOf(nodeId);
        const listing = await listOnce(nodeId, () => readListing(docker));
        return classify(nodeId, listing, ports.deployments.withImages(), now());
      },
      'inventory:disk-usage': async ({ nodeId }) => diskUsageOf(nodeId, await diskUsage(nodeId), now()),
      'inventory:prune-preview': async ({ nodeId }) => {
        const usage = await diskUsage(nodeId);
        const deployments = ports.deployments.withImages();
        const inventory = classify(nodeId, listingOf(usage), deployments, now());
        const pulling = deploymentsPulling(deployments, nodeId);
        return { nodeId, ...pruneCandidates(inventory, usage.BuildCache ?? [], pulling) };
      },
      'inventory:prune': async ({ nodeId, imageIds, buildCacheIds, volumeNames }) =>
        applyPrune(
          await engineOf(nodeId),
          nodeId,
          { imageIds, buildCacheIds, volumeNames },
          ports.deployments.withImages(),
          now(),
        ),
    },
  };
}
