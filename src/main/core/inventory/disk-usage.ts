import type { DiskUsage } from '@shared/contract/inventory';
import type { EngineDiskUsage } from './engine-listing';

/** `docker system df`'s four lines, each with what removing the unused ones would give back. */
export function diskUsageOf(nodeId: string, usage: EngineDiskUsage, measuredAt: string): DiskUsage {
  const images = usage.Images ?? [];
  const containers = usage.Containers ?? [];
  const volumes = usage.Volumes ?? [];
  const cache = usage.BuildCache ?? [];
  const size = (value: number | undefined) => Math.max(0, value ?? 0);
  const volumeBytes: Record<string, number> = {};
  for (const volume of volumes) {
    // -1: the engine did not measure it (a volume driver other than local).
    const measured = volume.UsageData?.Size ?? -1;
    if (measured >= 0) volumeBytes[volume.Name] = measured;
  }
  return {
    nodeId,
    images: {
      count: images.length,
      bytes: size(usage.LayersSize),
      reclaimableBytes: images.filter((i) => (i.Containers ?? 0) === 0).reduce((s, i) => s + size(i.Size), 0),
    },
    containers: {
      count: containers.length,
      bytes: containers.reduce((s, c) => s + size(c.SizeRw), 0),
      reclaimableBytes: containers
        .filter((c) => c.State !== 'running')
        .reduce((s, c) => s + size(c.SizeRw), 0),
    },
    volumes: {
      count: volumes.length,
      bytes: Object.values(volumeBytes).reduce((s, b) => s + b, 0),
      reclaimableBytes: volumes
        .filter((v) => v.UsageData?.RefCount === 0)
        .reduce((s, v) => s + size(v.UsageData?.Size), 0),
    },
    buildCache: {
      count: cache.length,
      bytes: cache.reduce((s, r) => s + size(r.Size), 0),
      reclaimableBytes: cache.filter((r) => !r.InUse).reduce((s, r) => s + size(r.Size), 0),
    },
    volumeBytes,
    measuredAt,
  };
}
