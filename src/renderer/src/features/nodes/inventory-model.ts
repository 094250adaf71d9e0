import type { InventoryOwner, NodeInventory, PrunePreview } from '@shared/contract/inventory';

export type InventoryTab = 'containers' | 'images' | 'volumes' | 'networks';
export type OwnerFilter = 'all' | 'ours' | 'leftover' | 'unmanaged';

export const inventoryTabs: { id: InventoryTab; label: string }[] = [
  { id: 'containers', label: 'Containers' },
  { id: 'images', label: 'Images' },
  { id: 'volumes', label: 'Volumes' },
  { id: 'networks', label: 'Networks' },
];

export const ownerFilters: { id: OwnerFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'ours', label: 'Ours' },
  { id: 'leftover', label: 'Leftovers' },
  { id: 'unmanaged', label: 'Unmanaged' },
];

/** An image has no labels of ours: it is ours when a deployment uses it, else unmanaged. */
const imageOwner = (image: NodeInventory['images'][number]): InventoryOwner['kind'] =>
  image.deployments.length > 0 ? 'deployment' : 'unmanaged';

const matches = (kind: InventoryOwner['kind'], filter: OwnerFilter) =>
  filter === 'all' ||
  (filter === 'ours' && kind === 'deployment') ||
  (filter === 'leftover' && kind === 'leftover') ||
  (filter === 'unmanaged' && kind === 'unmanaged');

/** The inventory with only the items the owner filter keeps, tab by tab. */
export function filterInventory(inventory: NodeInventory, filter: OwnerFilter): NodeInventory {
  return {
    ...inventory,
    containers: inventory.containers.filter((item) => matches(item.owner.kind, filter)),
    images: inventory.images.filter((item) => matches(imageOwner(item), filter)),
    volumes: inventory.volumes.filter((item) => matches(item.owner.kind, filter)),
    networks: inventory.networks.filter((item) => matches(item.owner.kind, filter)),
  };
}

/** "blog", "leftover", "compose: shop", "unmanaged". */
export function ownerText(owner: InventoryOwner): string {
  if (owner.kind === 'deployment') return owner.deploymentName;
  if (owner.kind === 'leftover') return 'leftover';
  return owner.project ? `compose: ${owner.project}` : 'unmanaged';
}

/** What a tab shows when nothing is left to show, with or without a filter. */
export function emptyText(tab: InventoryTab, filter: OwnerFilter): string {
  const what = inventoryTabs.find((item) => item.id === tab)?.label.toLowerCase() ?? tab;
  if (filter === 'all') return `No ${what} on this node.`;
  const label = ownerFilters.find((item) => item.id === filter)?.label.toLowerCase() ?? filter;
  return `No ${what} under “${label}”.`;
}

export const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** How many items a clean-up would remove, in words: "3 images, 1 volume". */
export function countText(counts: { images: number; buildCache: number; volumes: number }): string {
  const parts = [
    [counts.images, 'image', 'images'],
    [counts.buildCache, 'build cache record', 'build cache records'],
    [counts.volumes, 'volume', 'volumes'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return said.length > 0 ? said.join(', ') : 'nothing';
}

export const countsOf = (preview: PrunePreview) => ({
  images: preview.images.length,
  buildCache: preview.buildCache.length,
  volumes: preview.volumes.length,
});

export const previewCount = (preview: PrunePreview) =>
  preview.images.length + preview.buildCache.length + preview.volumes.length;

/** The longer word, for a tooltip. */
export function ownerTitle(owner: InventoryOwner): string {
  if (owner.kind === 'deployment') return `Deployment ${owner.deploymentName}`;
  if (owner.kind === 'leftover') return 'Labelled with a deployment this app no longer has';
  return owner.project
    ? `Docker Compose project ${owner.project}, not made by this app`
    : 'Not made by this app';
}
