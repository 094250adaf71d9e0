/**
 * Credentials through the whole core against the rig: a deployment's generated secret listed by name,
 * revealed only with the reveal passphrase (the value the container got in its environment), refused
 * attempts kept in the history by name alone, and a rotation the container sees.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const PASSPHRASE = 'correct horse battery';
const TYPED_PASSWORD = 'typed-at-deploy-42';
let t: TestCore;
let deploymentId = '';

/** The API_TOKEN the running `content` container was given. */
async function tokenInContainer(): Promise<string | undefined> {
  const [container] = await docker.listContainers({
    filters: { label: [`${labels.deployment}=${deploymentId}`, `${labels.service}=content`] },
  });
  if (!container) return undefined;
  const env = (await docker.getContainer(container.Id).inspect()).Config.Env;
  return env.find((line) => line.startsWith('API_TOKEN='))?.slice('API_TOKEN='.length);
}

const history = async () =>
  (await t.call('deployments:get', { id: deploymentId })).transitions.map((r) => r.cause);

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const node = await addRigNode(t, rig);
  const pair = busyboxTemplate(rig.images.local, { slug: 'creds-pair' });
  // A password the user types at deploy, beside the generated API_TOKEN.
  const template = {
    manifest: {
      ...pair.manifest,
      variables: [
        ...pair.manifest.variables,
        { name: 'ADMIN_PASSWORD', label: 'Admin password', type: 'password', required: true },
      ],
    },
    compose: pair.compose.replace(
      '      API_TOKEN: ${API_TOKEN}\n',
      '      API_TOKEN: ${API_TOKEN}\n      ADMIN_PASSWORD: ${ADMIN_PASSWORD}\n',
    ),
  };
  const templateId = await publishTemplate(t, template);
  const deployed = await deployAndSettle(t, {
    templateId,
    version: '1.0.0',
    name: `creds-${randomBytes(3).toString('hex')}`,
    nodeId: node.id,
    variables: { ADMIN_PASSWORD: TYPED_PASSWORD },
  });
  expect(deployed.status).toBe('running');
  deploymentId = deployed.id;
});

afterAll(async () => {
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
});

describe('credentials', () => {
  it('lists the generated secret by name, and asks for a reveal passphrase to be set first', async () => {
    const listed = await t.call('credentials:list', { id: deploymentId });
    expect(listed.credentials).toEqual([
      { name: 'API_TOKEN', kind: 'generated', description: expect.stringContaining('hex') as string },
      { name: 'ADMIN_PASSWORD', kind: 'password', description: 'Admin password' },
    ]);
    expect(listed.presence).toEqual({ method: 'reveal-passphrase', isPassphraseSet: false });
    const refused = await t.fail('credentials:reveal', {
      id: deploymentId,
      name: 'API_TOKEN',
      passphrase: PASSPHRASE,
    });
    expect(refused).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('set a reveal passphrase') as string,
    });
  });

  it('refuses a wrong passphrase without the value, and reveals with the right one the value the container has', async () => {
    expect(await t.call('credentials:set-passphrase', { passphrase: PASSPHRASE })).toEqual({
      method: 'reveal-passphrase',
      isPassphraseSet: true,
    });
    const second = await t.fail('credentials:set-passphrase', { passphrase: 'another one entirely' });
    expect(second).toMatchObject({ code: 'unauthorized', field: 'current' });

    const wrong = await t.fail('credentials:reveal', {
      id: deploymentId,
      name: 'API_TOKEN',
      passphrase: 'not it at all',
    });
    expect(wrong).toMatchObject({ code: 'unauthorized', field: 'passphrase' });
    const inContainer = await tokenInContainer();
    expect(inContainer).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(wrong)).not.toContain(inContainer);

    const revealed = await t.call('credentials:reveal', {
      id: deploymentId,
      name: 'API_TOKEN',
      passphrase: PASSPHRASE,
    });
    expect(revealed).toEqual({ name: 'API_TOKEN', value: inContainer });
    const typed = await t.call('credentials:reveal', {
      id: deploymentId,
      name: 'ADMIN_PASSWORD',
      passphrase: PASSPHRASE,
    });
    expect(typed.value).toBe(TYPED_PASSWORD);
    const unknown = await t.fail('credentials:reveal', {
      id: deploymentId,
      name: 'NOPE',
      passphrase: PASSPHRASE,
    });
    expect(unknown).toMatchObject({ code: 'not_found', field: 'name' });
  });

  it('keeps each reveal and refused attempt in the history by name, never the value', async () => {
    const causes = await history();
    expect(causes.slice(0, 4)).toEqual([
      'ADMIN_PASSWORD revealed',
      'API_TOKEN revealed',
      'reveal of API_TOKEN refused',
      'reveal of API_TOKEN refused',
    ]);
    const value = await tokenInContainer();
    expect(value).toBeDefined();
    expect(t.databaseText()).not.toContain(value);
  });

  it('refuses to rotate a password the user chose, pointing at the update', async () => {
    const refused = await t.fail('credentials:rotate', { id: deploymentId, name: 'ADMIN_PASSWORD' });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'name' });
    expect(refused.message).toContain('Update settings');
  });

  it('rotates the generated secret: the container runs with the new value', async () => {
    const before = await tokenInContainer();
    await t.call('credentials:rotate', { id: deploymentId, name: 'API_TOKEN' });
    await t.core.jobs.settled();
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.status).toBe('running');
    const after = await tokenInContainer();
    expect(after).toMatch(/^[0-9a-f]{32}$/);
    expect(after).not.toBe(before);
    const revealed = await t.call('credentials:reveal', {
      id: deploymentId,
      name: 'API_TOKEN',
      passphrase: PASSPHRASE,
    });
    expect(revealed.value).toBe(after);
    expect(detail.transitions.map((r) => r.cause)).toContain('API_TOKEN given a new value');
  });
});
