import { describe, expect, it } from 'vitest';
import type { NodeInventory } from '@shared/contract/inventory';
import { countText, emptyText, filterInventory, ownerText, ownerTitle } from './inventory-model';

const inventory: NodeInventory = {
  nodeId: 'n1',
  readAt: '2026-12-06T00:00:00.000Z',
  containers: [
    {
      id: 'c1',
      name: 'blog-web-1',
      image: 'web',
      imageId: 'i1',
      state: 'running',
      status: 'Up',
      createdAt: '',
      owner: { kind: 'deployment', deploymentId: 'd1', deploymentName: 'blog' },
    },
    {
      id: 'c2',
      name: 'shop',
      image: 'nginx',
      imageId: 'i2',
      state: 'exited',
      status: 'Exited',
      createdAt: '',
      owner: { kind: 'unmanaged', project: 'shop' },
    },
  ],
  images: [
    {
      id: 'i1',
      tags: ['web'],
      isDangling: false,
      bytes: 1,
      usedBy: [],
      deployments: [{ id: 'd1', name: 'blog' }],
      createdAt: '',
    },
    { id: 'i2', tags: [], isDangling: true, bytes: 1, usedBy: [], deployments: [], createdAt: '' },
  ],
  volumes: [
    {
      name: 'old_data',
      driver: 'local',
      owner: { kind: 'leftover', deploymentId: 'd0' },
      isAnonymous: false,
      usedBy: [],
      bytes: null,
      createdAt: null,
    },
  ],
  networks: [],
};

describe('inventory model', () => {
  it('filters each tab by owner; an image is ours when a deployment uses it', () => {
    const ours = filterInventory(inventory, 'ours');
    expect(ours.containers.map((c) => c.id)).toEqual(['c1']);
    expect(ours.images.map((i) => i.id)).toEqual(['i1']);
    expect(ours.volumes).toEqual([]);
    expect(filterInventory(inventory, 'unmanaged').images.map((i) => i.id)).toEqual(['i2']);
    expect(filterInventory(inventory, 'leftover').volumes.map((v) => v.name)).toEqual(['old_data']);
    expect(filterInventory(inventory, 'all')).toEqual(inventory);
  });

  it('words owners, empty tabs and clean-up counts', () => {
    expect(inventory.containers.map((c) => ownerText(c.owner))).toEqual(['blog', 'compose: shop']);
    expect(ownerText({ kind: 'unmanaged', project: null })).toBe('unmanaged');
    expect(ownerText({ kind: 'leftover', deploymentId: 'd0' })).toBe('leftover');
    expect(ownerTitle({ kind: 'leftover', deploymentId: 'd0' })).toBe(
      'Labelled with a deployment this app no longer has',
    );
    expect(emptyText('volumes', 'all')).toBe('No volumes on this node.');
    expect(emptyText('images', 'leftover')).toBe('No images under “leftovers”.');
    expect(countText({ images: 2, buildCache: 0, volumes: 1 })).toBe('2 images, 1 volume');
    expect(countText({ images: 0, buildCache: 0, volumes: 0 })).toBe('nothing');
  });
});
