/**
 * Docker found where it is: a rig node added with its socket left at the default. The rig's engine
 * is not at /var/run/docker.sock; the node's sshd exports DOCKER_HOST (tests/rig/up.sh), so the probe
 * must follow the login shell to it, say so, and keep it. Then what runs on the node, from the
 * deployments feature, and the removal rule that follows from it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const target = rig.nodes[1]!;
let t: TestCore;
let keyId = '';
let nodeId = '';
let deploymentId = '';

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const key = await t.call('keys:import', {
    name: 'rig',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  keyId = key.id;
});

afterAll(async () => {
  // A failed assertion above may leave the deployment behind; this only tidies the rig's engine.
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
});

describe('finding Docker on a node', () => {
  it('adds a node with the socket left empty, finds the engine through DOCKER_HOST and says where', async () => {
    const { node, test } = await t.call('nodes:add', {
      name: 'probed',
      host: target.host,
      port: target.port,
      user: target.user,
      keyId,
      hostKeyFingerprint: target.hostKeyFingerprint,
    });
    nodeId = node.id;
    expect(rig.dockerHost).toBe(`unix://${rig.dockerSocket}`);
    expect(test.error).toBeNull();
    expect(test.status).toBe('online');
    expect(test.dockerProbe?.chosen).toEqual({ path: rig.dockerSocket, source: 'DOCKER_HOST' });
    expect(test.dockerProbe?.message).toBe(`Docker found at ${rig.dockerSocket} (DOCKER_HOST)`);
    expect(test.dockerProbe?.tried[0]).toEqual({
      path: rig.dockerSocket,
      source: 'DOCKER_HOST',
      isAnswering: true,
    });
    expect(test.steps.find((step) => step.name === 'docker')?.detail).toContain(
      `Docker found at ${rig.dockerSocket}`,
    );
    expect(node.dockerSocket).toBe(rig.dockerSocket);
    expect(test.resources?.dockerVersion).toMatch(/^\d+\./);
  });

  it('uses a socket the user typed as given: no probe, and the failure names that socket', async () => {
    await t.call('nodes:update', { id: nodeId, dockerSocket: '/nonexistent/docker.sock' });
    const test = await t.call('nodes:test', { id: nodeId });
    expect(test.dockerProbe).toBeNull();
    expect(test.error?.code).toBe('docker_unavailable');
    expect((await t.call('nodes:get', { id: nodeId })).dockerSocket).toBe('/nonexistent/docker.sock');
  });

  it('looks again on "test connection" once the socket is back at the default', async () => {
    await t.call('nodes:update', { id: nodeId, dockerSocket: '/var/run/docker.sock' });
    const test = await t.call('nodes:test', { id: nodeId });
    expect(test.error).toBeNull();
    expect(test.dockerProbe?.chosen?.path).toBe(rig.dockerSocket);
    expect((await t.call('nodes:get', { id: nodeId })).dockerSocket).toBe(rig.dockerSocket);
  });
});

describe('what runs on a node', () => {
  it('lists the deployments on the node and refuses to forget it while they live there', async () => {
    expect(await t.call('nodes:deployments', { id: nodeId })).toEqual([]);
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'probe-pair' }));
    const deployment = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'probe-pair', nodeId });
    deploymentId = deployment.id;
    expect(deployment.status).toBe('running');

    expect(await t.call('nodes:deployments', { id: nodeId })).toEqual([
      { id: deploymentId, name: 'probe-pair', templateName: 'Busybox pair', status: 'running' },
    ]);
    const refused = await t.fail('nodes:remove', { id: nodeId });
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused.message).toContain('still runs 1 deployment');

    await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await t.core.jobs.settled();
    deploymentId = '';
    expect(await t.call('nodes:deployments', { id: nodeId })).toEqual([]);
    await t.call('nodes:remove', { id: nodeId });
    expect((await t.call('nodes:list', {})).map((node) => node.id)).not.toContain(nodeId);
  });
});
