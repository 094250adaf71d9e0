/**
 * Known, unknown and what we last saw: a deployment on a private sshd node (127.0.0.21, this file's
 * own, stopped and started again by pid within each test) keeps its last known state while the
 * node is gone, refuses what needs the node at once, and settles against the node's containers
 * when it is back or on the health interval.
 */
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/db/data-folder';
import { openDatabase } from '../../src/main/core/db/database';
import { migrations } from '../../src/main/core/db/migrations';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addSshdNode, QUICK_RECONNECT } from '../helpers/rig-node';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const dir = makeTempDir('hoster-reachability-');
let sshd: TestSshd;
let t: TestCore;
let nodeId = '';
let deploymentId = '';

const detail = () => t.call('deployments:get', { id: deploymentId });
const nodeStatus = async () => (await t.call('nodes:get', { id: nodeId })).status;

/** What a crash or an offline Restart used to leave behind: the deployment stored as failed. */
function markFailed() {
  const { db } = openDatabase(join(t.dataDir, DATABASE_FILE_NAME), migrations);
  try {
    db.prepare("UPDATE deployments SET status = 'failed', error = 'stale' WHERE id = ?").run(deploymentId);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.21',
    authorizedKeys: [rig.clientKey.publicKey],
    logLevel: 'ERROR',
  });
  t = createTestCore({
    nodeTuning: QUICK_RECONNECT,
  });
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 30 } });
  nodeId = (await addSshdNode(t, rig, sshd, 'edge')).node.id;
  const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'reachable' }));
  const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'reachable', nodeId });
  expect(deployed.status).toBe('running');
  expect([...deployed.services].sort()).toEqual(['content', 'web']);
  deploymentId = deployed.id;
}, 120_000);

/** Polls outside a test (expect.poll works only inside one): resolves once `check` is true, or after `ms`. */
async function waitUntil(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !(await check().catch(() => false)))
    await new Promise((resolve) => setTimeout(resolve, 200));
}

afterAll(async () => {
  try {
    // Every test starts sshd again in its own finally; the node may still be reconnecting.
    await waitUntil(async () => (await nodeStatus()) === 'online', 15_000);
    if (deploymentId) await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await t.core.jobs.settled();
  } finally {
    await t.close();
    await sshd.stop();
    dir.remove();
  }
}, 60_000);

describe('a node that drops off and comes back', () => {
  it('shows unknown with the last known state, refuses Restart at once, and is running again by itself', async () => {
    await sshd.stop();
    try {
      await expect
        .poll(async () => (await detail()).reachability.nodeReachable, { timeout: 10_000 })
        .toBe(false);
      const offline = await detail();
      expect(offline.status).toBe('running');
      expect(offline.reachability.since).not.toBeNull();
      const started = Date.now();
      const refused = await t.fail('deployments:restart', { id: deploymentId });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(refused.code).toBe('host_unreachable');
      expect(refused.message).toMatch(/^edge has been unreachable since .*; try again when it is back\.$/);
      expect((await t.call('jobs:list', {})).filter((job) => job.status === 'running')).toEqual([]);
    } finally {
      await sshd.start();
    }
    await expect.poll(nodeStatus, { timeout: 15_000, interval: 200 }).toBe('online');
    const back = await detail();
    expect(back).toMatchObject({ status: 'running', reachability: { nodeReachable: true, since: null } });
    expect(back.transitions.map((entry) => entry.to)).not.toContain('failed');
    // Billing never saw a gap: one interval, still open.
    const usage = await t.call('billing:usage', { deploymentId });
    expect(usage.map((interval) => interval.endedAt)).toEqual([null]);
  }, 60_000);

  it('a deployment stored as failed while the node was away is running again once the node is back', async () => {
    await sshd.stop();
    try {
      await expect.poll(nodeStatus, { timeout: 10_000, interval: 200 }).toBe('offline');
      markFailed();
      // Nothing is decided while the node cannot be seen.
      await t.call('workers:run', { name: 'deployment-settle' });
      await t.call('workers:run', { name: 'deployment-settle' });
      expect((await detail()).status).toBe('failed');
    } finally {
      await sshd.start();
    }
    await expect
      .poll(async () => (await detail()).status, { timeout: 20_000, interval: 200 })
      .toBe('running');
    const [latest] = (await detail()).transitions;
    expect(latest).toMatchObject({ from: 'failed', to: 'running' });
    expect(latest?.cause).toMatch(/found running on the node/);
  }, 60_000);
});

describe('an operation cut off by the node dropping off', () => {
  it('keeps the intent while the node is away and carries it on once it is back', async () => {
    expect(await nodeStatus()).toBe('online');
    const cut: { stopped?: Promise<void> } = {};
    const stopWatching = t.core.events.on('jobs:changed', (job) => {
      // While Docker waits out web's grace period (httpd ignores SIGTERM), the node drops off.
      if (!cut.stopped && job.kind === 'deployment:restart' && job.progress?.step.startsWith('Waiting up to'))
        cut.stopped = sshd.stop();
    });
    try {
      const { jobId } = await t.call('deployments:restart', { id: deploymentId });
      await expect
        .poll(async () => (await t.call('jobs:get', { id: jobId })).status, { timeout: 20_000 })
        .toBe('failed');
      const away = await detail();
      expect(away.status).toBe('starting');
      expect(away.transitions[0]?.cause).toMatch(/^interrupted: the connection to the node dropped/);
    } finally {
      stopWatching();
      await cut.stopped;
      await sshd.start();
    }
    await expect
      .poll(async () => (await detail()).status, { timeout: 30_000, interval: 200 })
      .toBe('running');
    const causes = (await detail()).transitions.map((entry) => `${entry.to}: ${entry.cause}`);
    expect(causes).toContain('starting: carried on after an interruption');
    expect(causes.slice(0, causes.indexOf('starting: restart requested'))).not.toContainEqual(
      expect.stringMatching(/^failed/),
    );
  }, 90_000);
});

describe('settling on the health interval', () => {
  it('a deployment marked failed while its containers run: running after two agreeing checks', async () => {
    expect(await nodeStatus()).toBe('online');
    markFailed();
    await t.call('workers:run', { name: 'deployment-settle' });
    expect((await detail()).status).toBe('failed');
    await t.call('workers:run', { name: 'deployment-settle' });
    const settled = await detail();
    expect(settled).toMatchObject({ status: 'running', error: null });
    expect(settled.transitions[0]?.cause).toMatch(/every container is running and healthy \(it was failed\)/);
    const usage = await t.call('billing:usage', { deploymentId });
    expect(usage[0]).toMatchObject({ endedAt: null });
  });

  it('a running deployment whose containers are stopped behind its back: failed with the reason', async () => {
    const containers = await docker.listContainers({
      filters: { label: [`dev.hoster.deployment=${deploymentId}`] },
    });
    expect(containers.length).toBeGreaterThan(0);
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).stop({ t: 1 })));
    await t.call('workers:run', { name: 'deployment-settle' });
    expect((await detail()).status).toBe('running');
    await t.call('workers:run', { name: 'deployment-settle' });
    const failed = await detail();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/stopped on the node/);
    // Start it again so the file ends with the deployment as it began.
    await t.call('deployments:start', { id: deploymentId });
    await t.core.jobs.settled();
    expect((await detail()).status).toBe('running');
  }, 60_000);
});
