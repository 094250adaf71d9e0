import { describe, expect, it } from 'vitest';
import { diskUsageOf } from './disk-usage';

describe('disk usage', () => {
  it('sums each line and what removing the unused would give back; unmeasured volumes have no size', () => {
    const usage = diskUsageOf(
      'n1',
      {
        LayersSize: 5000,
        Images: [
          { Id: 'i1', Size: 3000, Created: 0, Containers: 1 },
          { Id: 'i2', Size: 2000, Created: 0, Containers: 0 },
        ],
        Containers: [
          { Id: 'c1', Image: 'a', ImageID: 'i1', State: 'running', Status: '', Created: 0, SizeRw: 10 },
          { Id: 'c2', Image: 'a', ImageID: 'i1', State: 'exited', Status: '', Created: 0, SizeRw: 30 },
        ],
        Volumes: [
          { Name: 'used', Driver: 'local', UsageData: { Size: 100, RefCount: 1 } },
          { Name: 'idle', Driver: 'local', UsageData: { Size: 0, RefCount: 0 } },
          { Name: 'remote', Driver: 'nfs', UsageData: { Size: -1, RefCount: -1 } },
        ],
        BuildCache: null,
      },
      '2026-12-06T00:00:00.000Z',
    );
    expect(usage).toEqual({
      nodeId: 'n1',
      images: { count: 2, bytes: 5000, reclaimableBytes: 2000 },
      containers: { count: 2, bytes: 40, reclaimableBytes: 30 },
      volumes: { count: 3, bytes: 100, reclaimableBytes: 0 },
      buildCache: { count: 0, bytes: 0, reclaimableBytes: 0 },
      volumeBytes: { used: 100, idle: 0 },
      measuredAt: '2026-12-06T00:00:00.000Z',
    });
  });
});
