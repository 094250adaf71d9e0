/**
 * Docker found where it is: a rig node added with its socket left at the default. The rig's engine
 * is not at /var/run/docker.sock; the node's sshd exports DOCKER_HOST (tests/rig/up.sh), so the probe
 * must follow the login shell to it, say so, and keep it. A private sshd whose login environment
 * points elsewhere (a tcp DOCKER_HOST, a runtime folder) shows the rootless place and the error that
 * lists what was tried. Then what runs on a node, from the deployments feature, and the removal rule.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const target = rig.nodes[1]!;
let t: TestCore;
let keyId = '';
let nodeId = '';
let deploymentId = '';
const dir = makeTempDir('hoster-probe-');
const runtimeDir = join(dir.path, 'runtime');
const rootlessSocket = join(runtimeDir, 'docker.sock');
let sshd: TestSshd;

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const key = await t.call('keys:import', {
    name: 'rig',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  keyId = key.id;
  mkdirSync(runtimeDir);
  // The rig's engine seen through a runtime folder, as rootless Docker lays it out.
  symlinkSync(rig.dockerSocket, rootlessSocket);
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.23',
    authorizedKeys: [rig.clientKey.publicKey],
    extraConfig: `SetEnv DOCKER_HOST=tcp://127.0.0.1:1 XDG_RUNTIME_DIR=${runtimeDir}`,
    logLevel: 'ERROR',
  });
});

afterAll(async () => {
  // A failed assertion above may leave the deployment behind; this only tidies the rig's engine.
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
  await sshd.stop();
  dir.remove();
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

describe('finding Docker elsewhere', () => {
  let otherId = '';

  // An engine on this machine's usual socket would answer before the rootless one: say so, never skip.
  beforeAll(() => {
    if (existsSync('/var/run/docker.sock'))
      throw new Error(
        'These tests need /var/run/docker.sock to be absent (the rig runs its own dockerd elsewhere); stop the engine that listens there.',
      );
  });

  it('finds a rootless engine under XDG_RUNTIME_DIR when DOCKER_HOST is not a unix socket', async () => {
    const { node, test } = await t.call('nodes:add', {
      name: 'rootless',
      host: sshd.host,
      port: sshd.port,
      user: 'root',
      keyId,
      hostKeyFingerprint: sshd.hostKeyFingerprint(),
    });
    otherId = node.id;
    expect(test.error).toBeNull();
    expect(test.dockerProbe?.message).toBe(`Docker found at ${rootlessSocket} (rootless)`);
    expect(test.dockerProbe?.tried.map((tried) => tried.path)).toEqual([
      '/var/run/docker.sock',
      rootlessSocket,
      '/run/podman/podman.sock',
      '/run/user/0/podman/podman.sock',
    ]);
    expect(node.dockerSocket).toBe(rootlessSocket);
  });

  it('says what it tried when no engine answers, and the node is degraded', async () => {
    rmSync(rootlessSocket);
    await t.call('nodes:update', { id: otherId, dockerSocket: '/var/run/docker.sock' });
    const test = await t.call('nodes:test', { id: otherId });
    expect(test.status).toBe('degraded');
    expect(test.dockerProbe?.chosen).toBeNull();
    expect(test.error?.code).toBe('docker_unavailable');
    for (const path of ['/var/run/docker.sock', rootlessSocket, '/run/podman/podman.sock'])
      expect(test.error?.message).toContain(path);
    expect(test.error?.message).toContain('DOCKER_HOST is tcp://127.0.0.1:1, not a unix socket');
    expect(test.steps.find((step) => step.name === 'docker')?.status).toBe('failed');
    expect((await t.call('nodes:get', { id: otherId })).dockerSocket).toBe('/var/run/docker.sock');
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
