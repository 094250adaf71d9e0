/**
 * GPU requests against the rig's real Docker engine, which has no GPU and no nvidia runtime (nor has
 * this machine): a deploy without the user's yes is refused before the node hears of it; with it,
 * the request reaches Docker, whose refusal is reworded into what to do, and the failed deploy
 * leaves nothing on the node and no port held.
 */
import Database from 'better-sqlite3';
import Docker from 'dockerode';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/create-core';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
let t: TestCore;
let nodeId = '';
const created: string[] = [];

const RESERVED = [
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia',
  '              count: all',
  '              capabilities: [gpu]',
].join('\n');

/** One busybox service with a port and a volume, asking for the node's GPUs as `gpu` says. */
const gpuTemplate = (slug: string, gpu: string) => ({
  manifest: {
    name: 'GPU worker',
    slug,
    version: '1.0.0',
    description: "A busybox service that asks for the node's GPUs.",
    category: 'web',
    tags: ['test'],
    icon: '🧪',
    price_monthly_cents: 300,
    resources: { cpu_cores: 0.1, memory_mb: 64, disk_mb: 16 },
  },
  compose: [
    'services:',
    '  worker:',
    `    image: ${rig.images.local}`,
    '    command: ["sh", "-c", "exec httpd -f -p 8080 -h /"]',
    '    ports: ["8080"]',
    '    volumes: ["models:/models"]',
    '    restart: unless-stopped',
    gpu,
    'volumes:',
    '  models: {}',
    '',
  ].join('\n'),
});

/** Everything on the node named after a deployment (its project), whatever its labels. */
const namedOnNode = async (project: string) => ({
  containers: (await docker.listContainers({ all: true, filters: { name: [`${project}-`] } })).map(
    (c) => c.Names,
  ),
  networks: (await docker.listNetworks({ filters: { name: [`${project}_`] } })).map((n) => n.Name),
  volumes: (await docker.listVolumes({ filters: { name: [`${project}_`] } })).Volumes.map((v) => v.Name),
});
const labelledOnNode = async (id: string) => ({
  containers: await docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } }),
  networks: await docker.listNetworks({ filters: { label: [`${labels.deployment}=${id}`] } }),
  volumes: (await docker.listVolumes({ filters: { label: [`${labels.deployment}=${id}`] } })).Volumes,
});
const nothing = { containers: [], networks: [], volumes: [] };

const heldPorts = (id: string): unknown[] => {
  const db = new Database(join(t.dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT * FROM port_allocations WHERE deployment_id = ?').all(id);
  } finally {
    db.close();
  }
};

const findingsOf = (error: { details?: Record<string, unknown> | undefined }) =>
  (error.details?.findings ?? []) as { key: string; message: string }[];

/** Deploys with the yes the refusal asked for, and returns the deployment once its job ended. */
async function deployAccepted(templateId: string, name: string) {
  const refused = await t.fail('deployments:create', { templateId, version: '1.0.0', name, nodeId });
  const deployed = await deployAndSettle(t, {
    templateId,
    version: '1.0.0',
    name,
    nodeId,
    acceptFindings: findingsOf(refused).map((f) => f.key),
  });
  created.push(deployed.id);
  return deployed;
}

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeId = (await addRigNode(t, rig)).id;
});

afterAll(async () => {
  const left = (await t.call('deployments:list', {})).filter((d) => created.includes(d.id));
  for (const { id } of left) await t.call('deployments:delete', { id, deleteData: true });
  await t.core.jobs.settled();
  await t.close();
});

describe('GPU requests on a node without GPU support', () => {
  it('refuses a deploy the user has not said yes to before anything reaches the node', async () => {
    const templateId = await publishTemplate(t, gpuTemplate('gpu-consent', RESERVED));
    const before = await t.call('deployments:list', {});
    const refused = await t.fail('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'gpu-refused',
      nodeId,
    });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'acceptFindings' });
    expect(findingsOf(refused)).toEqual([
      expect.objectContaining({
        key: 'gpu:worker:nvidia:all:gpu',
        message:
          "worker: uses the node's GPUs (nvidia, all of them): the container gets direct access to the graphics card.",
      }),
    ]);
    expect(refused.message).toMatch(/graphics card\. Review it and accept to go ahead\.$/);
    expect(await t.call('deployments:list', {})).toEqual(before);
    expect(await namedOnNode('gpu-refused')).toEqual(nothing);
  });

  it('sends the device request to Docker and, when Docker has no GPU driver, says to install one and leaves nothing behind', async () => {
    const templateId = await publishTemplate(t, gpuTemplate('gpu-driver', RESERVED));
    const deployed = await deployAccepted(templateId, 'gpu-no-driver');
    expect(deployed.status).toBe('failed');
    // Docker's own words prove the request reached it with the driver and capabilities asked for.
    expect(deployed.error).toMatch(
      /^worker asks for the node's GPUs, but the node has no GPU driver for Docker \(Docker said: could not select device driver "nvidia" with capabilities: \[\[gpu\]\]\)\. Install the NVIDIA driver and the NVIDIA Container Toolkit on the node .*, or remove the GPU request from the template\.$/,
    );
    expect(deployed.revisions.map((r) => `${r.revision}:${r.status}`)).toEqual(['1:failed']);
    expect(heldPorts(deployed.id)).toEqual([]);
    expect(await labelledOnNode(deployed.id)).toEqual(nothing);
    expect(await namedOnNode('gpu-no-driver')).toEqual(nothing);
  });

  it('sends runtime: nvidia to Docker and, when the node lacks that runtime, says what to do', async () => {
    const templateId = await publishTemplate(t, gpuTemplate('gpu-runtime', '    runtime: nvidia'));
    const deployed = await deployAccepted(templateId, 'gpu-no-runtime');
    expect(deployed.status).toBe('failed');
    expect(deployed.error).toMatch(
      /^worker runs in a runtime the node's Docker does not have \(Docker said: [^)]*nvidia\)\. Install the NVIDIA driver and the NVIDIA Container Toolkit .*, or remove runtime from the template\.$/,
    );
    expect(heldPorts(deployed.id)).toEqual([]);
    expect(await labelledOnNode(deployed.id)).toEqual(nothing);
  });

  it('asks again on an update that adds a GPU request, and a refused update leaves the app running as it was', async () => {
    const slug = 'gpu-update';
    const templateId = await publishTemplate(t, gpuTemplate(slug, ''));
    const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'gpu-later', nodeId });
    created.push(deployed.id);
    expect(deployed.error).toBeNull();
    expect(deployed.status).toBe('running');
    const before = (await labelledOnNode(deployed.id)).containers.map((c) => c.Id);

    await t.call('templates:update', {
      id: templateId,
      ...gpuTemplate(slug, RESERVED),
      manifest: { ...gpuTemplate(slug, '').manifest, version: '2.0.0' },
    });
    await t.call('templates:publish', { id: templateId, version: '2.0.0' });
    const refused = await t.fail('deployments:update', { id: deployed.id, version: '2.0.0' });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'acceptFindings' });
    expect(findingsOf(refused).map((f) => f.key)).toEqual(['gpu:worker:nvidia:all:gpu']);
    expect((await labelledOnNode(deployed.id)).containers.map((c) => c.Id)).toEqual(before);

    await t.call('deployments:update', {
      id: deployed.id,
      version: '2.0.0',
      acceptFindings: ['gpu:worker:nvidia:all:gpu'],
    });
    await t.core.jobs.settled();
    const after = await t.call('deployments:get', { id: deployed.id });
    expect(after.error).toMatch(
      /^The update failed and revision 1 was restored: worker asks for the node's GPUs, but the node has no GPU driver for Docker/,
    );
    expect(after.status).toBe('running');
    expect(after.templateVersion).toBe('1.0.0');
    expect((await labelledOnNode(deployed.id)).containers.map((c) => c.State)).toEqual(['running']);

    await t.call('deployments:delete', { id: deployed.id, deleteData: true });
    await t.core.jobs.settled();
    expect(await labelledOnNode(deployed.id)).toEqual(nothing);
  });
});
