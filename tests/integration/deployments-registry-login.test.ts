/**
 * Private images: the rig's second registry wants a login (htpasswd). Without one, or with one it
 * refuses, a deploy fails saying what to do and leaves the node as it was; with the right one, saved
 * in the keychain after the node's own engine checked it, the node pulls the image and the app runs.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { findLeaks } from '../helpers/find-leaks';
import { ownedOnNode } from '../helpers/owned-on-node';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const { address, username, password, image } = rig.privateRegistry;
const docker = new Docker({ socketPath: rig.dockerSocket });
let t: TestCore;
let nodeId = '';
let templateId = '';

const owned = (id: string) => ownedOnNode(docker, id);
const imageOnNode = () =>
  docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
const removeImage = () =>
  docker
    .getImage(image)
    .remove({ force: true })
    .catch(() => undefined);

const deploy = (name: string) => deployAndSettle(t, { templateId, version: '1.0.0', name, nodeId });

beforeAll(async () => {
  await removeImage();
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 30 } });
  nodeId = (await addRigNode(t, rig)).id;
  templateId = await publishTemplate(t, busyboxTemplate(image, { slug: 'private-pair' }));
}, 60_000);

afterAll(async () => {
  for (const deployment of await t.call('deployments:list', {}))
    if (['running', 'stopped', 'failed'].includes(deployment.status))
      await t.call('deployments:delete', { id: deployment.id, deleteData: true });
  await t.core.jobs.settled();
  for (const login of await t.call('registries:list', {}))
    await t.call('registries:delete', { id: login.id });
  await t.close();
  await removeImage();
});

describe('private registries', () => {
  it('without a login the pull fails, saying where to add one, and nothing is left on the node', async () => {
    const detail = await deploy('no-login');
    expect(detail.status).toBe('failed');
    expect(detail.error).toContain(image);
    expect(detail.error).toContain('add one under Keys → Registry logins');
    expect(await owned(detail.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await imageOnNode()).toBe(false);
  });

  it('refuses a wrong password checked from the node, and a host that is not one, storing nothing', async () => {
    const wrong = await t.fail('registries:save', {
      host: address,
      username,
      password: 'not-the-password',
      verifyOnNodeId: nodeId,
    });
    expect(wrong).toMatchObject({ code: 'auth_failed', field: 'password' });
    expect(wrong.message).toContain(
      `${address} refused the password for ${username} (checked from rig node1)`,
    );
    expect(wrong.message).toContain('Nothing was saved.');
    const typo = await t.fail('registries:save', { host: 'http://not a host/', username, password });
    expect(typo).toMatchObject({ code: 'invalid_input', field: 'host' });
    expect(await t.call('registries:list', {})).toEqual([]);
  });

  it('saves the right login, checked from the node, with the password only in the keychain; the deploy pulls and runs', async () => {
    const login = await t.call('registries:save', {
      host: `http://${address}/`,
      username,
      password,
      verifyOnNodeId: nodeId,
    });
    expect(login).toMatchObject({ host: address, username, verified: { nodeId, nodeName: 'rig node1' } });
    expect(await t.call('registries:list', {})).toEqual([login]);

    const detail = await deploy('with-login');
    expect(detail.status).toBe('running');
    expect(Object.keys(detail.revisions[0]!.imageDigests)).toEqual([image]);
    expect(await imageOnNode()).toBe(true);
    expect(findLeaks(t, [password])).toEqual([]);

    await t.call('deployments:delete', { id: detail.id, deleteData: true });
    await t.core.jobs.settled();
    expect(await owned(detail.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('a saved login the registry no longer takes: the pull says to update it; deleting the login forgets it', async () => {
    const [before] = await t.call('registries:list', {});
    const replaced = await t.call('registries:save', {
      host: address,
      username,
      password: 'rotated-elsewhere',
    });
    expect(replaced).toMatchObject({ id: before!.id, createdAt: before!.createdAt, verified: null });
    await removeImage();

    const detail = await deploy('stale-login');
    expect(detail.status).toBe('failed');
    expect(detail.error).toContain(
      'The registry refused the saved login: update it under Keys → Registry logins.',
    );
    expect(await owned(detail.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });

    expect(await t.call('registries:delete', { id: before!.id })).toEqual({ id: before!.id });
    expect(await t.call('registries:list', {})).toEqual([]);
    expect(await t.fail('registries:delete', { id: before!.id })).toMatchObject({ code: 'not_found' });
  });
});
