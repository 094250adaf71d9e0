/**
 * Cancelling operations while they pull or wait, leaving the node as it was (or, for an update, on the
 * previous revision); host ports already taken on the node; and automatic placement by tags and room,
 * refused with the numbers when no node has room.
 */
import { createServer, type Server } from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBigImage } from '../helpers/big-image';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { ownedOnNode } from '../helpers/owned-on-node';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
let bigImage = '';
let t: TestCore;
let node1 = '';
let node2 = '';
const servers: Server[] = [];

const owned = (id: string) => ownedOnNode(docker, id);
const settle = () => t.core.jobs.settled();

/** Cancels the job as soon as one of its progress steps starts with `step`; resolves whether it did. */
function cancelAt(step: string): () => boolean {
  let cancelled = false;
  const stop = t.core.events.on('jobs:changed', (job) => {
    if (cancelled || job.status !== 'running' || !job.progress?.step.startsWith(step)) return;
    cancelled = true;
    void t.call('jobs:cancel', { id: job.id });
  });
  return () => {
    stop();
    return cancelled;
  };
}

/**
 * Deploys `template`, cancels the job at `step`, and checks what every cancelled deploy must leave:
 * a cancelled job, a failed deployment holding no ports, nothing of it on the node.
 */
async function deployCancelledAt(step: string, template: ReturnType<typeof busyboxTemplate>) {
  const templateId = await publishTemplate(t, template);
  const cancelled = cancelAt(step);
  const deployed = await deployAndSettle(t, {
    templateId,
    version: '1.0.0',
    name: template.manifest.slug,
    nodeId: node1,
  });
  expect(cancelled()).toBe(true);
  expect(await t.call('jobs:get', { id: deployed.jobId })).toMatchObject({ status: 'cancelled' });
  expect(deployed).toMatchObject({ status: 'failed', ports: [] });
  expect(await owned(deployed.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  return deployed;
}

/** Listens on host:port from this process, as another program on the node would. */
function occupy(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve());
    servers.push(server);
  });
}

const freePortFrom = async (host: string, first: number): Promise<number> => {
  for (let port = first; port < first + 200; port += 1) {
    const isFree = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, host, () => probe.close(() => resolve(true)));
    });
    if (isFree) return port;
  }
  throw new Error(`no free port on ${host} from ${first}`);
};

beforeAll(async () => {
  bigImage = pushBigImage(rig, 'cancel');
  t = createTestCore();
  // A health wait longer than the test's own timeout: a cancel that did not stop the wait fails the test.
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 600 } });
  node1 = (await addRigNode(t, rig, 0)).id;
  node2 = (await addRigNode(t, rig, 1)).id;
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.close();
  for (const deployment of await t.call('deployments:list', {}))
    if (['running', 'stopped', 'failed'].includes(deployment.status))
      await t.call('deployments:delete', { id: deployment.id, deleteData: true });
  await settle();
  await t.close();
  await docker
    .getImage(bigImage)
    .remove({ force: true })
    .catch(() => undefined);
});

describe('cancelling an operation', () => {
  it('while it pulls: the job is cancelled, the deployment failed with its ports released, nothing on the node', async () => {
    const cancelled = await deployCancelledAt('Pulling', busyboxTemplate(bigImage, { slug: 'cancel-pull' }));
    expect(cancelled.error).toBe('Cancelled by the user.');
    const deploymentId = cancelled.id;

    // Started again, it pulls to the end and runs.
    await t.call('deployments:start', { id: deploymentId });
    await settle();
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
    expect(await owned(deploymentId)).toEqual({ containers: 2, networks: 1, volumes: 1 });
  });

  it('while it waits for a dependency to be healthy: cancelled, and what it created is gone', async () => {
    await deployCancelledAt(
      'Starting web',
      busyboxTemplate(rig.images.local, { slug: 'never-healthy', contentCommand: 'exec sleep 600' }),
    );
  });

  it('an update cancelled while it waits: the previous revision is back and still serves', async () => {
    const good = busyboxTemplate(rig.images.local, { slug: 'cancel-update', page: 'revision one' });
    const templateId = await publishTemplate(t, good);
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: 'cancel-update',
      nodeId: node1,
    });
    const deploymentId = deployed.id;
    expect(deployed.status).toBe('running');

    const stuck = busyboxTemplate(rig.images.local, {
      slug: 'cancel-update',
      version: '2.0.0',
      contentCommand: 'exec sleep 600',
    });
    await t.call('templates:update', { id: templateId, ...stuck });
    await t.call('templates:publish', { id: templateId, version: '2.0.0' });
    const cancelled = cancelAt('Starting web');
    const { jobId } = await t.call('deployments:update', { id: deploymentId, version: '2.0.0' });
    await settle();
    expect(cancelled()).toBe(true);
    expect(await t.call('jobs:get', { id: jobId })).toMatchObject({ status: 'cancelled' });
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail).toMatchObject({ status: 'running', templateVersion: '1.0.0' });
    expect(detail.revisions.map((r) => `${r.revision}:${r.status}`)).toEqual(['2:failed', '1:active']);
    expect(await owned(deploymentId)).toEqual({ containers: 2, networks: 1, volumes: 1 });
    const { url } = await t.call('deployments:open', { id: deploymentId });
    expect(await (await fetch(url)).text()).toBe('revision one\n');
  });
});

describe('host ports', () => {
  it('skips a port another program listens on, on the node', async () => {
    const taken = await freePortFrom('127.0.0.1', 20000);
    await occupy('127.0.0.1', taken);
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'port-skip' }));
    const detail = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: 'port-skip',
      nodeId: node1,
    });
    const deploymentId = detail.id;
    expect(detail.status).toBe('running');
    expect(detail.ports.map((p) => p.hostPort)).not.toContain(taken);
    expect(detail.ports[0]!.hostPort).toBeGreaterThan(taken);

    // An update that publishes one more port skips a port taken since, and keeps the one it had.
    const web = detail.ports[0]!.hostPort;
    const takenSince = await freePortFrom('127.0.0.1', web + 1);
    await occupy('127.0.0.1', takenSince);
    const next = busyboxTemplate(rig.images.local, { slug: 'port-skip', version: '1.1.0' });
    next.compose = next.compose.replace(
      '    volumes: ["data:/data"]',
      '    ports: ["8080"]\n    volumes: ["data:/data"]',
    );
    await t.call('templates:update', { id: templateId, ...next });
    await t.call('templates:publish', { id: templateId, version: '1.1.0' });
    await t.call('deployments:update', { id: deploymentId, version: '1.1.0' });
    await settle();
    const updated = await t.call('deployments:get', { id: deploymentId });
    expect(updated).toMatchObject({ status: 'running', templateVersion: '1.1.0' });
    const byService = Object.fromEntries(updated.ports.map((p) => [p.service, p.hostPort]));
    expect(byService.web).toBe(web);
    expect(byService.content).toBeGreaterThan(takenSince);
  });

  it('a port taken between allocation and start: chosen again around it, the deploy runs on a free one', async () => {
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'port-race' }));
    const node = rig.nodes[0]!;
    let grabbed: Promise<void> = Promise.resolve();
    let port = 0;
    const stop = t.core.events.on('deployments:transitioned', ({ deployment, to }) => {
      if (deployment.name !== 'port-race' || to !== 'scheduled' || !deployment.url) return;
      port = Number(new URL(deployment.url).port);
      grabbed = occupy(node.host, port);
    });
    const steps: string[] = [];
    const stopSteps = t.core.events.on('jobs:changed', (job) => {
      if (job.progress?.step) steps.push(job.progress.step);
    });
    const detail = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: 'port-race',
      nodeId: node1,
      exposure: 'public',
    });
    stop();
    stopSteps();
    await grabbed;
    expect(port).toBeGreaterThan(0);
    expect(`${detail.status} ${detail.error ?? ''}`).toBe('running ');
    expect(steps).toContain(`Port ${String(port)} was taken by another program meanwhile; choosing another`);
    const web = detail.ports.find((grant) => grant.service === 'web')?.hostPort;
    expect(web).toBeGreaterThan(0);
    expect(web).not.toBe(port);
    expect(await (await fetch(`http://${node.host}:${String(web)}/`)).text()).toBe('hello from content\n');
    expect((await owned(detail.id)).containers).toBe(2);
  });
});

describe('placement', () => {
  it('picks the node with the tags asked for', async () => {
    await t.call('nodes:update', { id: node2, tags: ['blue'] });
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'placed' }));
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: 'placed',
      nodeId: 'auto',
      tags: ['blue'],
    });
    expect(deployed).toMatchObject({ nodeId: node2, status: 'running' });
  });

  it('refuses, with the numbers, when no node has room, and creates nothing', async () => {
    const huge = busyboxTemplate(rig.images.local, { slug: 'huge' });
    huge.manifest.resources = { cpu_cores: 1, memory_mb: 1024 * 1024, disk_mb: 16 };
    const templateId = await publishTemplate(t, huge);
    const before = await t.call('deployments:list', {});
    const refused = await t.fail('deployments:create', {
      templateId,
      version: '1.0.0',
      name: 'huge',
      nodeId: 'auto',
    });
    expect(refused).toMatchObject({ code: 'conflict', field: 'nodeId' });
    expect(refused.message).toMatch(
      /^No node has room for Busybox pair: rig node1 has [\d.]+ GiB of memory left for apps \([\d.]+ GiB in all, .*\); Busybox pair needs 1024\.0 GiB\. rig node2 has/,
    );
    expect(await t.call('deployments:list', {})).toEqual(before);
  });
});
