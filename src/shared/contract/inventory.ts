import { z } from 'zod';
import { method } from './define';

/**
 * Who a thing on a node's engine belongs to: a deployment of this app, a leftover of one that no
 * longer exists (its label names a deployment this app does not have), or something else
 * (unmanaged), with its Docker Compose project when it has one.
 */
export const inventoryOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deployment'), deploymentId: z.string(), deploymentName: z.string() }),
  z.object({ kind: z.literal('leftover'), deploymentId: z.string() }),
  z.object({ kind: z.literal('unmanaged'), project: z.string().nullable() }),
]);
export type InventoryOwner = z.infer<typeof inventoryOwnerSchema>;

const containerRefSchema = z.object({ id: z.string(), name: z.string() });

export const inventoryContainerSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  /** Docker's state: running, exited, created, paused, restarting, dead. */
  state: z.string(),
  /** Docker's words: "Up 3 hours", "Exited (0) 2 days ago". */
  status: z.string(),
  owner: inventoryOwnerSchema,
  createdAt: z.string(),
});
export type InventoryContainer = z.infer<typeof inventoryContainerSchema>;

export const inventoryImageSchema = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  /** Untagged: a layer an update or a rebuild left behind. */
  isDangling: z.boolean(),
  bytes: z.number().nonnegative(),
  usedBy: z.array(containerRefSchema),
  /** The deployments whose containers or active revisions use it. */
  deployments: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
});
export type InventoryImage = z.infer<typeof inventoryImageSchema>;

export const inventoryVolumeSchema = z.object({
  name: z.string(),
  driver: z.string(),
  owner: inventoryOwnerSchema,
  /** Made by Docker for a container's VOLUME, with no name of its own. */
  isAnonymous: z.boolean(),
  usedBy: z.array(containerRefSchema),
  /** Only known once disk usage was measured (`inventory:disk-usage`); null until then. */
  bytes: z.number().nullable(),
  createdAt: z.string().nullable(),
});
export type InventoryVolume = z.infer<typeof inventoryVolumeSchema>;

export const inventoryNetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  owner: inventoryOwnerSchema,
  /** bridge, host and none: Docker's own, never removed. */
  isBuiltIn: z.boolean(),
  /** The containers attached to it, running or not. */
  containers: z.array(containerRefSchema),
});
export type InventoryNetwork = z.infer<typeof inventoryNetworkSchema>;

export const nodeInventorySchema = z.object({
  nodeId: z.string(),
  containers: z.array(inventoryContainerSchema),
  images: z.array(inventoryImageSchema),
  volumes: z.array(inventoryVolumeSchema),
  networks: z.array(inventoryNetworkSchema),
  readAt: z.string(),
});
export type NodeInventory = z.infer<typeof nodeInventorySchema>;

const usageLineSchema = z.object({
  count: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  /** What removing the unused ones would give back. */
  reclaimableBytes: z.number().nonnegative(),
});

/** `docker system df`: what the engine's images, containers, volumes and build cache take on disk. */
export const diskUsageSchema = z.object({
  nodeId: z.string(),
  images: usageLineSchema,
  containers: usageLineSchema,
  volumes: usageLineSchema,
  buildCache: usageLineSchema,
  /** Each volume's size by name; -1 from Docker (not measured) becomes absent. */
  volumeBytes: z.record(z.string(), z.number().nonnegative()),
  measuredAt: z.string(),
});
export type DiskUsage = z.infer<typeof diskUsageSchema>;

export const pruneImageSchema = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  bytes: z.number().nonnegative(),
});
export const pruneCacheSchema = z.object({
  id: z.string(),
  description: z.string(),
  bytes: z.number().nonnegative(),
});
export const pruneVolumeSchema = z.object({
  name: z.string(),
  deploymentId: z.string(),
  bytes: z.number().nullable(),
});

/** Exactly what a clean-up would remove, and how much space comes back. */
export const prunePreviewSchema = z.object({
  nodeId: z.string(),
  images: z.array(pruneImageSchema),
  buildCache: z.array(pruneCacheSchema),
  volumes: z.array(pruneVolumeSchema),
  totalBytes: z.number().nonnegative(),
  /**
   * Deployments on the node being deployed, started or updated: one may have pulled an image no
   * container uses yet, so no image is offered until they are done.
   */
  imagesWaitFor: z.array(z.string()),
});
export type PrunePreview = z.infer<typeof prunePreviewSchema>;

export const pruneSkipSchema = z.object({
  kind: z.enum(['image', 'buildCache', 'volume']),
  id: z.string(),
  reason: z.string(),
});

export const pruneResultSchema = z.object({
  removed: z.object({
    images: z.array(z.string()),
    buildCache: z.array(z.string()),
    volumes: z.array(z.string()),
  }),
  skipped: z.array(pruneSkipSchema),
  reclaimedBytes: z.number().nonnegative(),
});
export type PruneResult = z.infer<typeof pruneResultSchema>;

/** An image only a deployment's containers use: what deleting it with "remove images" would take. */
export const deploymentImageSchema = z.object({
  /** The reference the deployment ran (`registry/name:tag`). */
  reference: z.string(),
  id: z.string(),
  bytes: z.number().nonnegative(),
  /** Other tags of the same image: removing this reference leaves the image under them. */
  otherTags: z.array(z.string()),
});
export type DeploymentImage = z.infer<typeof deploymentImageSchema>;

const byNode = z.object({ nodeId: z.string().min(1) });
const ids = z.array(z.string().min(1)).max(5000).default([]);

export const inventoryMethods = {
  /**
   * Every container, image, volume and network on the node's engine, each marked with its owner.
   * Four list calls, no sizes of volumes: those come from `inventory:disk-usage`, which is slow on
   * big engines and asked for only when the user wants it.
   */
  'inventory:list': method(byNode, nodeInventorySchema),
  'inventory:disk-usage': method(byNode, diskUsageSchema),
  /**
   * Unused images (dangling or used by no container and no deployment), unused build cache and the
   * volumes of deployments that no longer exist. Never a volume of a deployment nor an unmanaged one.
   */
  'inventory:prune-preview': method(byNode, prunePreviewSchema),
  /** Removes exactly the items passed back from a preview; anything now in use is skipped and said why. */
  'inventory:prune': method(
    byNode.extend({ imageIds: ids, buildCacheIds: ids, volumeNames: ids }),
    pruneResultSchema,
  ),
  /**
   * What "delete, and remove its images" would remove: the images the deployment's containers run
   * that no other container uses. Answered by the deployments feature, which owns the delete.
   */
  'deployments:images': method(z.object({ id: z.string().min(1) }), z.array(deploymentImageSchema)),
};
