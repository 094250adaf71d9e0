/**
 * The node inventory against the rig's engine, through the whole core: ours, unmanaged and leftover
 * told apart; a clean-up that removes exactly the items passed back from its preview and never a
 * deployment's or an unmanaged volume; a delete that takes the anonymous volumes and, when asked, the
 * images nothing else uses. The rig's engine is shared, so every removal is asked only for what this
 * test made, and the test removes what it made afterwards.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeInventory } from '../../src/shared/contract/inventory';
import { publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { scriptTemplate } from '../helpers/script-template';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const run = randomBytes(4).toString('hex');
const appImage = `local/inventory-app:${run}`;
const unusedImage = `local/inventory-unused:${run}`;
const unmanagedVolume = `inventory-unmanaged-${run}`;
const leftoverVolume = `inventory-leftover-${run}`;
const unmanagedContainer = `inventory-unmanaged-${run}`;
let t: TestCore;
let nodeId = '';
let deploymentId = '';
let templateId = '';

/** An image of its own (a commit of the rig's busybox with one file more), so removing it touches nothing shared. */
async function ownImage(reference: string): Promise<string> {
  const base = await docker.createContainer({
    Image: rig.images.local,
    Cmd: ['sh', '-c', `echo ${reference} > /made`],
  });
  await base.start();
  await base.wait();
  const [repo, tag] = reference.split(':');
  await base.commit({ repo, tag });
  await base.remove({ force: true });
  return (await docker.getImage(reference).inspect()).Id;
}

const exists = async (inspect: () => Promise<unknown>) =>
  inspect().then(
    () => true,
    (error: unknown) => {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    },
  );
const volumeExists = (name: string) => exists(() => docker.getVolume(name).inspect());
const imageExists = (reference: string) => exists(() => docker.getImage(reference).inspect());
const inventory = () => t.call('inventory:list', { nodeId });
/** The one anonymous volume (its `/cache`) of the deployment's container, by its 64-hex name. */
async function anonymousVolumeOf(id: string): Promise<string> {
  const [app] = await docker.listContainers({
    all: true,
    filters: { label: [`dev.hoster.deployment=${id}`] },
  });
  const name =
    app?.Mounts.find((mount) => mount.Type === 'volume' && mount.Destination === '/cache')?.Name ?? '';
  expect(name).toMatch(/^[0-9a-f]{64}$/);
  return name;
}
const volumeIn = (list: NodeInventory, name: string) => list.volumes.find((volume) => volume.name === name);

function appTemplate() {
  const template = scriptTemplate(appImage, `inventory-${run}`, { app: { script: 'exec sleep 3600' } });
  template.compose =
    template.compose.replace(
      '    stop_grace_period: 1s\n',
      '    stop_grace_period: 1s\n    volumes: ["data:/data", "/cache"]\n',
    ) + 'volumes:\n  data: {}\n';
  return template;
}

beforeAll(async () => {
  await ownImage(appImage);
  await ownImage(unusedImage);
  await docker.createVolume({
    Name: unmanagedVolume,
    Labels: { 'com.docker.compose.project': `proj-${run}` },
  });
  await docker.createVolume({
    Name: leftoverVolume,
    Labels: { 'dev.hoster.managed': 'true', 'dev.hoster.deployment': `gone-${run}` },
  });
  await docker.createContainer({
    name: unmanagedContainer,
    Image: rig.images.local,
    Cmd: ['true'],
    Labels: { 'com.docker.compose.project': `proj-${run}` },
    HostConfig: { Binds: [`${unmanagedVolume}:/data`] },
  });
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeId = (await addRigNode(t, rig)).id;
  templateId = await publishTemplate(t, appTemplate());
  ({ deploymentId } = await t.call('deployments:create', {
    templateId,
    version: '1.0.0',
    name: `inv-${run}`,
    nodeId,
  }));
  await t.core.jobs.settled();
  expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
}, 120_000);

afterAll(async () => {
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
  // Whatever a failed assertion left: each removal may find its item already gone.
  const gone = () => undefined;
  await docker.getContainer(unmanagedContainer).remove({ force: true }).catch(gone);
  for (const name of [unmanagedVolume, leftoverVolume, `inv-${run}_data`])
    await docker.getVolume(name).remove().catch(gone);
  for (const reference of [appImage, unusedImage]) await docker.getImage(reference).remove().catch(gone);
}, 60_000);

describe('node inventory', () => {
  it('marks a deployment’s containers, volumes and images as ours, others as unmanaged with their project, and leftovers', async () => {
    const list = await inventory();
    const app = list.containers.find((container) => container.name === `inv-${run}-app-1`);
    expect(app).toMatchObject({
      state: 'running',
      owner: { kind: 'deployment', deploymentId, deploymentName: `inv-${run}` },
    });
    expect(list.containers.find((container) => container.name === unmanagedContainer)?.owner).toEqual({
      kind: 'unmanaged',
      project: `proj-${run}`,
    });
    expect(volumeIn(list, `inv-${run}_data`)?.owner).toMatchObject({ kind: 'deployment', deploymentId });
    expect(volumeIn(list, unmanagedVolume)).toMatchObject({
      owner: { kind: 'unmanaged', project: `proj-${run}` },
      usedBy: [{ name: unmanagedContainer }],
    });
    expect(volumeIn(list, leftoverVolume)?.owner).toEqual({ kind: 'leftover', deploymentId: `gone-${run}` });
    const anonymous = list.volumes.filter(
      (volume) => volume.isAnonymous && volume.usedBy.some((u) => u.id === app?.id),
    );
    expect(anonymous).toHaveLength(1);
    const image = list.images.find((candidate) => candidate.tags.includes(appImage));
    expect(image?.deployments).toEqual([{ id: deploymentId, name: `inv-${run}` }]);
    expect(list.images.find((candidate) => candidate.tags.includes(unusedImage))).toMatchObject({
      usedBy: [],
      deployments: [],
    });
    expect(list.networks.find((network) => network.name === `inv-${run}_default`)).toMatchObject({
      owner: { kind: 'deployment', deploymentId },
      containers: [{ id: app?.id, name: `inv-${run}-app-1` }],
    });
  });

  it('measures disk usage, with each volume’s size', async () => {
    const usage = await t.call('inventory:disk-usage', { nodeId });
    expect(usage.images.count).toBeGreaterThan(1);
    expect(usage.containers.count).toBeGreaterThan(1);
    expect(usage.volumeBytes[`inv-${run}_data`]).toBeGreaterThanOrEqual(0);
  });

  it('previews a clean-up and removes exactly the items passed back; in use, ours or unmanaged are skipped and said why', async () => {
    const preview = await t.call('inventory:prune-preview', { nodeId });
    const unusedId = (await docker.getImage(unusedImage).inspect()).Id;
    const appId = (await docker.getImage(appImage).inspect()).Id;
    expect(preview.images.map((image) => image.id)).toContain(unusedId);
    expect(preview.images.map((image) => image.id)).not.toContain(appId);
    expect(preview.volumes).toContainEqual({ name: leftoverVolume, deploymentId: `gone-${run}`, bytes: 0 });
    const offered = preview.volumes.map((volume) => volume.name);
    expect(offered).not.toContain(`inv-${run}_data`);
    expect(offered).not.toContain(unmanagedVolume);

    const result = await t.call('inventory:prune', {
      nodeId,
      imageIds: [unusedId, appId],
      volumeNames: [leftoverVolume, `inv-${run}_data`, unmanagedVolume],
    });
    expect(result.removed).toEqual({ images: [unusedId], buildCache: [], volumes: [leftoverVolume] });
    expect(
      result.skipped.map((skip) => [skip.kind, skip.id, skip.reason.split(' ').slice(0, 2).join(' ')]),
    ).toEqual([
      ['image', appId, 'now used'],
      ['volume', `inv-${run}_data`, 'belongs to'],
      ['volume', unmanagedVolume, 'not made'],
    ]);
    expect(await imageExists(unusedImage)).toBe(false);
    expect(await volumeExists(leftoverVolume)).toBe(false);
    expect(await imageExists(appImage)).toBe(true);
    expect(await volumeExists(`inv-${run}_data`)).toBe(true);
    expect(await volumeExists(unmanagedVolume)).toBe(true);
  });

  it('an update leaves no anonymous volume of the revision it retires behind', async () => {
    const before = await anonymousVolumeOf(deploymentId);
    const next = appTemplate();
    next.manifest.version = '1.0.1';
    await t.call('templates:update', { id: templateId, ...next });
    await t.call('templates:publish', { id: templateId, version: '1.0.1' });
    await t.call('deployments:update', { id: deploymentId, version: '1.0.1' });
    await t.core.jobs.settled();
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
    const after = await anonymousVolumeOf(deploymentId);
    expect(after).not.toBe(before);
    expect(await volumeExists(before)).toBe(false);
    expect(await volumeExists(after)).toBe(true);
  });

  it('deletes a deployment with its anonymous volumes and, when asked, the images nothing else uses', async () => {
    const [app] = await docker.listContainers({
      all: true,
      filters: { label: [`dev.hoster.deployment=${deploymentId}`] },
    });
    const anonymous = await anonymousVolumeOf(deploymentId);
    const images = await t.call('deployments:images', { id: deploymentId });
    expect(images).toEqual([
      { reference: appImage, id: app?.ImageID, bytes: expect.any(Number) as number, otherTags: [] },
    ]);

    await t.call('deployments:delete', { id: deploymentId, deleteData: false, removeImages: true });
    await t.core.jobs.settled();
    expect(
      await docker.listContainers({
        all: true,
        filters: { label: [`dev.hoster.deployment=${deploymentId}`] },
      }),
    ).toEqual([]);
    expect(await volumeExists(anonymous)).toBe(false);
    expect(await imageExists(appImage)).toBe(false);
    expect(await imageExists(rig.images.local)).toBe(true);
    // Kept data is now a leftover of a deployment this app no longer has: the clean-up offers it.
    expect(await volumeExists(`inv-${run}_data`)).toBe(true);
    expect(volumeIn(await inventory(), `inv-${run}_data`)?.owner).toEqual({ kind: 'leftover', deploymentId });
    const preview = await t.call('inventory:prune-preview', { nodeId });
    expect(preview.volumes.map((volume) => volume.name)).toContain(`inv-${run}_data`);
  });
});
