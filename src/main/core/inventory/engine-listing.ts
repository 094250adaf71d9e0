import type Docker from 'dockerode';

/** One container as the engine lists it (`GET /containers/json`, or inside `/system/df`). */
export interface EngineContainer {
  Id: string;
  Names?: string[] | null;
  Image: string;
  ImageID: string;
  State: string;
  Status: string;
  Created: number;
  Labels?: Record<string, string> | null;
  Mounts?: { Type?: string; Name?: string }[] | null;
  /** The networks it is attached to, by name, in any state. */
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
}

export interface EngineImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size: number;
  Created: number;
}

export interface EngineVolume {
  Name: string;
  Driver: string;
  Labels?: Record<string, string> | null;
  CreatedAt?: string;
  UsageData?: { Size: number; RefCount: number } | null;
}

export interface EngineNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Labels?: Record<string, string> | null;
}

export interface EngineBuildCache {
  ID: string;
  Type?: string;
  Description?: string;
  InUse: boolean;
  Shared?: boolean;
  Size: number;
}

export interface EngineListing {
  containers: EngineContainer[];
  images: EngineImage[];
  volumes: EngineVolume[];
  networks: EngineNetwork[];
}

/** `GET /system/df`: every container, image, volume (with sizes) and build cache record at once. */
export interface EngineDiskUsage {
  LayersSize?: number;
  Containers?: (EngineContainer & { SizeRw?: number })[] | null;
  Images?: (EngineImage & { Containers?: number })[] | null;
  Volumes?: EngineVolume[] | null;
  BuildCache?: EngineBuildCache[] | null;
}

/**
 * The four cheap list calls, at once. No container sizes (`size=false`, the engine's default) and
 * no volume sizes: those walk the disk, which is what makes `/system/df` slow on big engines.
 */
export async function readListing(docker: Docker): Promise<EngineListing> {
  const [containers, images, volumes, networks] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listImages(),
    docker.listVolumes(),
    docker.listNetworks(),
  ]);
  // An engine with no volumes answers `"Volumes": null`, whatever the typings say.
  const { Volumes: named } = volumes as { Volumes: EngineVolume[] | null };
  return { containers, images, volumes: named ?? [], networks };
}

export async function readDiskUsage(docker: Docker): Promise<EngineDiskUsage> {
  return (await docker.df()) as EngineDiskUsage;
}

/** The disk usage's own lists, as a listing (no networks: nothing prunes them). */
export const listingOf = (usage: EngineDiskUsage): EngineListing => ({
  containers: usage.Containers ?? [],
  images: usage.Images ?? [],
  volumes: usage.Volumes ?? [],
  networks: [],
});
