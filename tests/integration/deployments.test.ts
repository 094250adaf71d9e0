/**
 * Deployments through the whole core: a template from the marketplace, a node over real SSH with its
 * host key pinned, dockerode over the tunnel to a real dockerd. Deploy, open through an SSH forward,
 * stop, start, restart, a broken update that rolls back, and a delete that leaves nothing behind.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { busyboxTemplate } from '../helpers/busybox-template';
import { findLeaks } from '../helpers/find-leaks';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
let t: TestCore;
let nodeId = '';
let templateId = '';
let deploymentId = '';
const transitions: string[] = [];

const settle = async () => t.core.jobs.settled();
const owned = async (id: string) => ({
  containers: await docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } }),
  networks: await docker.listNetworks({ filters: { label: [`${labels.deployment}=${id}`] } }),
  volumes: (await docker.listVolumes({ filters: { label: [`${labels.deployment}=${id}`] } })).Volumes,
});
const page = async () => {
  const { url } = await t.call('deployments:open', { id: deploymentId });
  return (await fetch(url)).text();
};

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  t.core.events.on('deployments:transitioned', (e) => transitions.push(`${e.from ?? '∅'}→${e.to}`));
  const node = await addRigNode(t, rig);
  nodeId = node.id;
  const template = await t.call('templates:create', busyboxTemplate(rig.images.local));
  templateId = template.summary.id;
  await t.call('templates:publish', { id: templateId, version: '1.0.0' });
});

afterAll(async () => {
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await settle();
  await t.close();
});

describe('deployments over SSH', () => {
  it('refuses bad input before anything is created', async () => {
    const badName = await t.fail('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'Not_OK',
      nodeId,
    });
    expect(badName).toMatchObject({ code: 'invalid_input', field: 'name' });
    const badVariable = await t.fail('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'x',
      nodeId,
      variables: { NOPE: '1' },
    });
    expect(badVariable).toMatchObject({ code: 'invalid_input', field: 'variables.NOPE' });
    expect(await t.call('deployments:list', {})).toEqual([]);
  });

  it('deploys a two-service template that is running only once healthy, reachable through an SSH forward', async () => {
    const started = await t.call('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'pair',
      nodeId,
      variables: { GREETING: 'hello over ssh' },
    });
    deploymentId = started.deploymentId;
    await settle();
    const job = await t.call('jobs:get', { id: started.jobId });
    expect(job.status).toBe('succeeded');
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.status).toBe('running');
    expect(detail.actions).toEqual(['stop', 'restart', 'update', 'delete']);
    expect(detail.ports).toHaveLength(1);
    expect(transitions).toEqual(['∅→pending', 'pending→scheduled', 'scheduled→starting', 'starting→running']);
    expect(await page()).toBe('hello over ssh\n');
    const { containers } = await owned(deploymentId);
    expect(containers.map((c) => c.Labels[labels.project]).sort()).toEqual(['pair', 'pair']);
    expect(containers.every((c) => c.Ports.every((p) => p.IP === '127.0.0.1'))).toBe(true);
    expect(detail.revisions[0]).toMatchObject({
      revision: 1,
      status: 'active',
      secretNames: ['API_TOKEN'],
      variables: { GREETING: 'hello over ssh' },
    });
    expect(Object.keys(detail.revisions[0]!.imageDigests)).toEqual([rig.images.local]);
  });

  it('keeps generated secrets in the keychain only', async () => {
    const { containers } = await owned(deploymentId);
    const content = containers.find((c) => c.Labels[labels.service] === 'content')!;
    const env = (await docker.getContainer(content.Id).inspect()).Config.Env;
    const token = env.find((e) => e.startsWith('API_TOKEN='))?.split('=')[1] ?? '';
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(findLeaks(t, [token])).toEqual([]);
  });

  it('refuses a second deployment with the same name on the node', async () => {
    expect(
      await t.fail('deployments:create', { templateId, version: '1.0.0', name: 'pair', nodeId }),
    ).toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('stops, starts and restarts, each recorded with its cause', async () => {
    await t.call('deployments:stop', { id: deploymentId });
    await settle();
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('stopped');
    expect((await owned(deploymentId)).containers.every((c) => c.State === 'exited')).toBe(true);
    expect((await t.fail('deployments:stop', { id: deploymentId })).code).toBe('conflict');
    await t.call('deployments:start', { id: deploymentId });
    await settle();
    expect(await page()).toBe('hello over ssh\n');
    await t.call('deployments:restart', { id: deploymentId });
    await settle();
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.status).toBe('running');
    expect(detail.transitions.map((x) => x.cause)).toContain('restart requested');
  });

  it('rolls a broken update back by itself, and the previous revision still serves', async () => {
    const broken = busyboxTemplate(rig.images.local, {
      version: '1.1.0',
      contentCommand: 'echo "config missing" >&2; exit 3',
    });
    await t.call('templates:update', { id: templateId, ...broken });
    await t.call('templates:publish', { id: templateId, version: '1.1.0' });
    await t.call('deployments:update', { id: deploymentId, version: '1.1.0' });
    await settle();
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.status).toBe('running');
    expect(detail.templateVersion).toBe('1.0.0');
    expect(detail.error).toMatch(/config missing/);
    expect(detail.revisions.map((r) => `${r.revision}:${r.status}`)).toEqual(['2:failed', '1:active']);
    expect(await page()).toBe('hello over ssh\n');
  });

  it('updates variables to a new revision and rolls back to the previous one', async () => {
    await t.call('deployments:update', { id: deploymentId, variables: { GREETING: 'second revision' } });
    await settle();
    expect(await page()).toBe('second revision\n');
    await t.call('deployments:rollback', { id: deploymentId });
    await settle();
    expect(await page()).toBe('hello over ssh\n');
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.revisions.map((r) => `${r.revision}:${r.status}`)).toEqual([
      '4:active',
      '3:superseded',
      '2:failed',
      '1:superseded',
    ]);
  });

  it('refuses to remove the node while the deployment lives on it', async () => {
    expect(await t.fail('nodes:remove', { id: nodeId })).toMatchObject({ code: 'conflict' });
  });

  it('deletes with its data and leaves no container, network or volume with its labels', async () => {
    const volumes = await t.call('deployments:volumes', { id: deploymentId });
    expect(volumes.map((v) => v.name)).toEqual(['pair_data']);
    await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await settle();
    expect(await owned(deploymentId)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await t.call('deployments:list', {})).toEqual([]);
    expect((await t.fail('deployments:get', { id: deploymentId })).code).toBe('not_found');
    deploymentId = '';
  });
});
