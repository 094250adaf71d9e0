import type {
  InventoryContainer,
  InventoryImage,
  InventoryNetwork,
  InventoryOwner,
  InventoryVolume,
  NodeInventory,
} from '@shared/contract/inventory';
import { labels } from '../deployments';
import type {
  EngineContainer,
  EngineImage,
  EngineListing,
  EngineNetwork,
  EngineVolume,
} from './engine-listing';
import type { KnownDeployment } from './ports';

const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);
/** Docker 23+ labels the volumes it makes for a container's VOLUME; older engines name them by 64 hex digits. */
const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
const isAnonymousName = (name: string) => /^[0-9a-f]{64}$/.test(name);

type Known = ReadonlyMap<string, Pick<KnownDeployment, 'name'>>;

/** Ours (a deployment this app has), a leftover (labelled with one it no longer has), or unmanaged. */
export function ownerOf(labelled: Record<string, string> | null | undefined, known: Known): InventoryOwner {
  const deploymentId = labelled?.[labels.deployment];
  if (deploymentId) {
    const deployment = known.get(deploymentId);
    return deployment
      ? { kind: 'deployment', deploymentId, deploymentName: deployment.name }
      : { kind: 'leftover', deploymentId };
  }
  return { kind: 'unmanaged', project: labelled?.[labels.project] ?? null };
}

const nameOf = (container: Pick<EngineContainer, 'Id' | 'Names'>) =>
  (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '');
const refOf = (container: EngineContainer) => ({ id: container.Id, name: nameOf(container) });
const isoOf = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const realTags = (image: EngineImage) => (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');

function containerView(container: EngineContainer, known: Known): InventoryContainer {
  return {
    id: container.Id,
    name: nameOf(container),
    image: container.Image,
    imageId: container.ImageID,
    state: container.State,
    status: container.Status,
    owner: ownerOf(container.Labels, known),
    createdAt: isoOf(container.Created),
  };
}

/** Whether a deployment's recorded reference or digest names this image (by tag, digest or id). */
const namesImage = (image: EngineImage, reference: string) =>
  image.Id === reference ||
  realTags(image).includes(reference) ||
  (image.RepoDigests ?? []).some((digest) => digest === reference);

function imageView(
  image: EngineImage,
  containers: readonly EngineContainer[],
  known: Known,
  deployments: readonly KnownDeployment[],
): InventoryImage {
  const users = containers.filter((container) => container.ImageID === image.Id);
  const by = new Map<string, string>();
  for (const user of users) {
    const owner = ownerOf(user.Labels, known);
    if (owner.kind === 'deployment') by.set(owner.deploymentId, owner.deploymentName);
  }
  for (const deployment of deployments)
    if (deployment.images.some((reference) => namesImage(image, reference)))
      by.set(deployment.id, deployment.name);
  const tags = realTags(image);
  return {
    id: image.Id,
    tags,
    isDangling: tags.length === 0,
    bytes: Math.max(0, image.Size),
    usedBy: users.map(refOf),
    deployments: [...by].map(([id, name]) => ({ id, name })),
    createdAt: isoOf(image.Created),
  };
}

function volumeView(
  volume: EngineVolume,
  containers: readonly EngineContainer[],
  known: Known,
): InventoryVolume {
  const users = containers.filter((container) =>
    (container.Mounts ?? []).some((mount) => mount.Type === 'volume' && mount.Name === volume.Name),
  );
  const size = volume.UsageData?.Size;
  return {
    name: volume.Name,
    driver: volume.Driver,
    owner: ownerOf(volume.Labels, known),
    isAnonymous: volume.Labels?.[ANONYMOUS_LABEL] !== undefined || isAnonymousName(volume.Name),
    usedBy: users.map(refOf),
    bytes: size === undefined || size < 0 ? null : size,
    createdAt: volume.CreatedAt ?? null,
  };
}

/** The engine's network list names no containers; each container's own list names its networks. */
function networkView(
  network: EngineNetwork,
  containers: readonly EngineContainer[],
  known: Known,
): InventoryNetwork {
  return {
    id: network.Id,
    name: network.Name,
    driver: network.Driver,
    owner: ownerOf(network.Labels, known),
    isBuiltIn: BUILT_IN_NETWORKS.has(network.Name),
    containers: containers
      .filter((container) => Object.hasOwn(container.NetworkSettings?.Networks ?? {}, network.Name))
      .map(refOf),
  };
}

const byName = <T extends { name: string }>(items: T[]) => items.sort((a, b) => a.name.localeCompare(b.name));

/** What runs on a node, each item with its owner and what uses it; pure, so it is table-tested. */
export function classify(
  nodeId: string,
  listing: EngineListing,
  deployments: readonly KnownDeployment[],
  readAt: string,
): NodeInventory {
  const known: Known = new Map(deployments.map((deployment) => [deployment.id, deployment]));
  const { containers } = listing;
  return {
    nodeId,
    containers: byName(containers.map((container) => containerView(container, known))),
    images: listing.images
      .map((image) => imageView(image, containers, known, deployments))
      .sort((a, b) => (a.tags[0] ?? '~' + a.id).localeCompare(b.tags[0] ?? '~' + b.id)),
    volumes: byName(listing.volumes.map((volume) => volumeView(volume, containers, known))),
    networks: byName(listing.networks.map((network) => networkView(network, containers, known))),
    readAt,
  };
}
