import { describe, expect, it } from 'vitest';
import { classify, ownerOf } from './classify';
import type { EngineContainer, EngineImage, EngineListing, EngineVolume } from './engine-listing';
import type { KnownDeployment } from './ports';
import { cacheSkip, deploymentsPulling, imageSkip, pruneCandidates, volumeSkip } from './prune-plan';

const known: KnownDeployment[] = [
  { id: 'dep-1', name: 'blog', nodeId: 'n1', status: 'running', images: ['app:2', 'db@sha256:abc'] },
];
const ours = {
  'dev.hoster.deployment': 'dep-1',
  'dev.hoster.managed': 'true',
  'com.docker.compose.project': 'blog',
};
const gone = { 'dev.hoster.deployment': 'dep-gone', 'com.docker.compose.project': 'old' };
const compose = { 'com.docker.compose.project': 'someone-else' };

const container = (
  id: string,
  image: string,
  labels: Record<string, string>,
  volumes: string[] = [],
): EngineContainer => ({
  Id: id,
  Names: [`/${id}-name`],
  Image: image,
  ImageID: `sha256:${image}`,
  State: 'running',
  Status: 'Up 1 minute',
  Created: 1_700_000_000,
  Labels: labels,
  Mounts: volumes.map((name) => ({ Type: 'volume', Name: name })),
  NetworkSettings: { Networks: labels === ours ? { blog_default: {} } : { bridge: {} } },
});
const image = (name: string, tags: string[], extra: Partial<EngineImage> = {}): EngineImage => ({
  Id: `sha256:${name}`,
  RepoTags: tags,
  Size: 1000,
  Created: 1_700_000_000,
  ...extra,
});
const volume = (name: string, labels: Record<string, string> | null, size?: number): EngineVolume => ({
  Name: name,
  Driver: 'local',
  Labels: labels,
  ...(size === undefined ? {} : { UsageData: { Size: size, RefCount: 0 } }),
});

const listing: EngineListing = {
  containers: [
    container('web', 'app:1', ours, ['blog_data']),
    container('other', 'nginx', compose, ['shared']),
    container('stray', 'old', gone),
  ],
  images: [
    image('app:1', ['app:1']),
    image('app:2', ['app:2']),
    image('db', [], { RepoDigests: ['db@sha256:abc'] }),
    image('nginx', ['nginx:latest']),
    image('old', ['old:1']),
    image('unused', ['unused:1']),
    image('dangling', ['<none>:<none>']),
  ],
  volumes: [
    volume('blog_data', ours, 10),
    volume('old_data', gone, 20),
    volume('old_mounted', gone),
    volume('shared', compose),
    volume('a'.repeat(64), null, 5),
    volume('plain', null),
  ],
  networks: [
    { Id: 'n1', Name: 'bridge', Driver: 'bridge' },
    { Id: 'n2', Name: 'blog_default', Driver: 'bridge', Labels: ours },
  ],
};
listing.containers[2]?.Mounts?.push({ Type: 'volume', Name: 'old_mounted' });

const inventory = classify('n1', listing, known, '2026-12-06T00:00:00.000Z');

describe('classify', () => {
  const volumeNamed = (name: string) => inventory.volumes.find((v) => v.name === name);
  const imageNamed = (id: string) => inventory.images.find((i) => i.id === `sha256:${id}`);

  it('marks ours by deployment, leftovers by a deployment this app no longer has, the rest unmanaged with their project', () => {
    expect(ownerOf(ours, new Map([['dep-1', { name: 'blog' }]]))).toEqual({
      kind: 'deployment',
      deploymentId: 'dep-1',
      deploymentName: 'blog',
    });
    expect(inventory.containers.map((c) => [c.name, c.owner.kind])).toEqual([
      ['other-name', 'unmanaged'],
      ['stray-name', 'leftover'],
      ['web-name', 'deployment'],
    ]);
    expect(inventory.containers[0]?.owner).toEqual({ kind: 'unmanaged', project: 'someone-else' });
    expect(volumeNamed('plain')?.owner).toEqual({ kind: 'unmanaged', project: null });
    expect(inventory.networks.map((n) => [n.name, n.isBuiltIn, n.owner.kind])).toEqual([
      ['blog_default', false, 'deployment'],
      ['bridge', true, 'unmanaged'],
    ]);
    expect(inventory.networks.map((n) => [n.name, n.containers.map((c) => c.name)])).toEqual([
      ['blog_default', ['web-name']],
      ['bridge', ['other-name', 'stray-name']],
    ]);
  });

  it('says what uses each image and volume, including images a deployment runs with no container now', () => {
    expect(imageNamed('app:1')?.usedBy).toEqual([{ id: 'web', name: 'web-name' }]);
    expect(imageNamed('app:1')?.deployments).toEqual([{ id: 'dep-1', name: 'blog' }]);
    expect(imageNamed('app:2')?.deployments).toEqual([{ id: 'dep-1', name: 'blog' }]);
    expect(imageNamed('db')?.deployments).toEqual([{ id: 'dep-1', name: 'blog' }]);
    expect(imageNamed('dangling')).toMatchObject({ isDangling: true, tags: [] });
    expect(volumeNamed('shared')?.usedBy).toEqual([{ id: 'other', name: 'other-name' }]);
    expect(volumeNamed('a'.repeat(64))).toMatchObject({ isAnonymous: true, bytes: 5 });
    expect(volumeNamed('plain')).toMatchObject({ isAnonymous: false, bytes: null });
  });
});

describe('prune candidates', () => {
  it('offers unused images, idle build cache and unmounted leftover volumes, never a deployment or unmanaged volume', () => {
    const preview = pruneCandidates(
      inventory,
      [
        { ID: 'c1', Description: 'RUN make', InUse: false, Size: 300 },
        { ID: 'c2', InUse: true, Size: 400 },
      ],
      [],
    );
    expect(preview.images.map((i) => i.id).sort()).toEqual(['sha256:dangling', 'sha256:unused']);
    expect(preview.buildCache).toEqual([{ id: 'c1', description: 'RUN make', bytes: 300 }]);
    expect(preview.volumes).toEqual([{ name: 'old_data', deploymentId: 'dep-gone', bytes: 20 }]);
    expect(preview.totalBytes).toBe(1000 + 1000 + 300 + 20);
    expect(preview.imagesWaitFor).toEqual([]);
  });

  it('offers no image while a deployment on the node is being deployed, started or updated', () => {
    const busy = (status: KnownDeployment['status'], nodeId = 'n1'): KnownDeployment[] => [
      ...known,
      { id: 'dep-2', name: 'shop', nodeId, status, images: [] },
    ];
    expect(deploymentsPulling(busy('updating'), 'n1')).toEqual(['shop']);
    expect(deploymentsPulling(busy('pending'), 'n1')).toEqual(['shop']);
    expect(deploymentsPulling(busy('stopped'), 'n1')).toEqual([]);
    expect(deploymentsPulling(busy('starting', 'n2'), 'n1')).toEqual([]);
    const preview = pruneCandidates(inventory, [], ['shop']);
    expect(preview).toMatchObject({ images: [], imagesWaitFor: ['shop'] });
    expect(preview.volumes.map((v) => v.name)).toEqual(['old_data']);
    expect(imageSkip(inventory, 'sha256:unused', ['shop'])?.reason).toBe(
      'shop is being deployed or updated on this node; clean up images once that is done',
    );
  });

  it('says why an item asked for is no longer a candidate', () => {
    expect(imageSkip(inventory, 'sha256:nginx', [])?.reason).toBe('now used by container other-name');
    expect(imageSkip(inventory, 'sha256:app:2', [])?.reason).toBe('used by deployment blog');
    expect(imageSkip(inventory, 'sha256:nope', [])?.reason).toBe('no longer on the node');
    expect(imageSkip(inventory, 'sha256:unused', [])).toBeNull();
    expect(volumeSkip(inventory, 'blog_data')?.reason).toMatch(/^belongs to deployment blog/);
    expect(volumeSkip(inventory, 'plain')?.reason).toMatch(/unmanaged volumes are never removed/);
    expect(volumeSkip(inventory, 'old_mounted')?.reason).toBe('now mounted by container stray-name');
    expect(volumeSkip(inventory, 'old_data')).toBeNull();
    expect(cacheSkip([{ ID: 'c2', InUse: true, Size: 1 }], 'c2')?.reason).toBe('in use by a build');
    expect(cacheSkip([], 'c3')?.reason).toBe('no longer in the build cache');
  });
});
