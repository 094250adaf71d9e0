/**
 * The safety policy as the boundary it must be, against the rig's real node: a plan that hands its
 * containers anything of the node deploys, updates, rolls back or starts only after the user said yes
 * to exactly that, and a refusal leaves every stored row and the node as they were.
 */
import Database from 'better-sqlite3';
import Docker from 'dockerode';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/create-core';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
let t: TestCore;
let nodeId = '';
let nodeSocket = '';
const created: string[] = [];

const containersOf = async (id: string) =>
  docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } });
const findingKeys = (error: { details?: Record<string, unknown> | undefined }) =>
  ((error.details?.findings ?? []) as { key: string; rule: string }[]).map((f) => f.rule).sort();

/** The busybox pair at `version`, asking for the node's own Docker socket and a capability
 * (one Docker grants by default: this sandbox cannot run privileged containers). */
function hostileTemplate(slug: string, version: string) {
  const base = busyboxTemplate(rig.images.local, { slug, version });
  const plain = '    volumes: ["data:/data"]';
  expect(base.compose).toContain(plain);
  return {
    ...base,
    compose: base.compose.replace(
      plain,
      `    volumes: ["data:/data", "${nodeSocket}:/engine.sock"]\n    cap_add: [CHOWN]`,
    ),
  };
}

const keysOf = (error: { details?: Record<string, unknown> | undefined }): string[] =>
  ((error.details?.findings ?? []) as { key: string }[]).map((f) => f.key);

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const node = await addRigNode(t, rig);
  nodeId = node.id;
  nodeSocket = node.dockerSocket;
});

afterAll(async () => {
  for (const id of created)
    await t.call('deployments:delete', { id, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
});

describe('the safety policy on a real node', () => {
  it('refuses to create a deployment that reaches into the node, then deploys it once the user accepts exactly that', async () => {
    const templateId = await publishTemplate(t, hostileTemplate('hostile-create', '1.0.0'));
    const before = await t.call('deployments:list', {});
    const refused = await t.fail('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'grabby',
      nodeId,
    });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'acceptFindings' });
    // The node's own socket is not at a usual path: only the node's setting names it.
    expect(nodeSocket).not.toMatch(/^\/(var\/)?run\/docker\.sock$/);
    expect(findingKeys(refused)).toEqual(['capability', 'docker-socket']);
    expect(refused.message).toContain(nodeSocket);
    expect(await t.call('deployments:list', {})).toEqual(before);

    const partial = await t.fail('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'grabby',
      nodeId,
      acceptFindings: ['capability:content:CHOWN'],
    });
    expect(findingKeys(partial)).toEqual(['docker-socket']);

    const keys = keysOf(refused);
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: 'grabby',
      nodeId,
      acceptFindings: keys,
    });
    created.push(deployed.id);
    expect(deployed.error).toBeNull();
    expect(deployed.status).toBe('running');
    const [content] = (await containersOf(deployed.id)).filter((c) => c.Labels[labels.service] === 'content');
    const inspected = await docker.getContainer(content?.Id ?? '').inspect();
    expect(inspected.HostConfig.CapAdd).toEqual(['CHOWN']);
    expect(inspected.Mounts.map((m) => m.Source)).toContain(nodeSocket);
  });

  it('asks again on update for exactly what the new version adds, and touches nothing until then', async () => {
    const slug = 'policy-update';
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug }));
    const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'upd', nodeId });
    created.push(deployed.id);
    expect(deployed.status).toBe('running');
    const containersBefore = (await containersOf(deployed.id)).map((c) => c.Id).sort();

    await t.call('templates:update', { id: templateId, ...hostileTemplate(slug, '2.0.0') });
    await t.call('templates:publish', { id: templateId, version: '2.0.0' });
    const refused = await t.fail('deployments:update', { id: deployed.id, version: '2.0.0' });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'acceptFindings' });
    expect(findingKeys(refused)).toEqual(['capability', 'docker-socket']);
    const unchanged = await t.call('deployments:get', { id: deployed.id });
    expect(unchanged.revisions.map((r) => `${r.revision}:${r.status}`)).toEqual(['1:active']);
    expect(unchanged.status).toBe('running');
    expect((await containersOf(deployed.id)).map((c) => c.Id).sort()).toEqual(containersBefore);

    const keys = keysOf(refused);
    await t.call('deployments:update', { id: deployed.id, version: '2.0.0', acceptFindings: keys });
    await t.core.jobs.settled();
    const updated = await t.call('deployments:get', { id: deployed.id });
    expect(updated.templateVersion).toBe('2.0.0');
    expect(updated.status).toBe('running');

    // Back to 1.0.0 asks for nothing new; forward again carries the yes already given.
    await t.call('deployments:rollback', { id: deployed.id });
    await t.core.jobs.settled();
    expect((await t.call('deployments:get', { id: deployed.id })).templateVersion).toBe('1.0.0');
    await t.call('deployments:update', { id: deployed.id, version: '2.0.0' });
    await t.core.jobs.settled();
    expect((await t.call('deployments:get', { id: deployed.id })).templateVersion).toBe('2.0.0');
  });

  it('will not start a deployment whose accepted findings no longer cover its plan', async () => {
    const templateId = await publishTemplate(t, hostileTemplate('policy-start', '1.0.0'));
    const keys = keysOf(
      await t.fail('deployments:create', { templateId, version: '1.0.0', name: 'old', nodeId }),
    );
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: 'old',
      nodeId,
      acceptFindings: keys,
    });
    created.push(deployed.id);
    await t.call('deployments:stop', { id: deployed.id });
    await t.core.jobs.settled();

    // As a revision made before acceptances were recorded reads after the upgrade: nothing accepted.
    const db = new Database(join(t.dataDir, DATABASE_FILE_NAME));
    db.prepare("UPDATE deployment_revisions SET accepted_findings = '[]' WHERE deployment_id = ?").run(
      deployed.id,
    );
    db.close();

    const refused = await t.fail('deployments:start', { id: deployed.id });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'acceptFindings' });
    expect(findingKeys(refused)).toEqual(['capability', 'docker-socket']);
    expect((await t.call('deployments:get', { id: deployed.id })).status).toBe('stopped');
    expect((await containersOf(deployed.id)).every((c) => c.State !== 'running')).toBe(true);

    await t.call('deployments:start', { id: deployed.id, acceptFindings: keys });
    await t.core.jobs.settled();
    expect((await t.call('deployments:get', { id: deployed.id })).status).toBe('running');
  });

  it('never hands a deleted deployment’s kept volume to a new deployment of the same name', async () => {
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'policy-volume' }));
    const first = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'reuse', nodeId });
    expect(first.status).toBe('running');
    await t.call('deployments:delete', { id: first.id, deleteData: false });
    await t.core.jobs.settled();
    const kept = await docker.getVolume('reuse_data').inspect();
    expect(kept.Labels[labels.deployment]).toBe(first.id);

    const second = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'reuse', nodeId });
    created.push(second.id);
    expect(second.status).toBe('failed');
    expect(second.error).toMatch(/another deployment/);
    expect(await containersOf(second.id)).toEqual([]);
    expect((await docker.getVolume('reuse_data').inspect()).Labels[labels.deployment]).toBe(first.id);
    await docker.getVolume('reuse_data').remove();
  });
});
