/**
 * Scheduled backups, with time moved by the core's clock instead of waited for: a daily schedule runs
 * when due (in the background worker, as a job on the deployment's node), keeps to its retention
 * (`restic forget --prune`; the history follows), is skipped with a note while the node cannot be
 * reached, and raises an alert on that failure and once the last good backup is older than twice the
 * interval; the next good backup resolves it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { SCHEDULE_WORKER } from '../../src/main/core/backups';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { backupTemplate } from '../helpers/backup-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addSshdNode, QUICK_RECONNECT } from '../helpers/rig-node';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const dir = makeTempDir('hoster-backup-schedule-');
const suffix = randomBytes(3).toString('hex');
const DAY = 24 * 3600 * 1000;
let offset = 0;
let sshd: TestSshd;
let t: TestCore;
let nodeId = '';
let deploymentId = '';

/** The node's status after a health sweep (the test core runs workers only when asked). */
async function checkedStatus() {
  await t.call('workers:run', { name: 'node-health' });
  return (await t.call('nodes:get', { id: nodeId })).status;
}
const scheduledRuns = async () =>
  (await t.call('backups:list', { deploymentId })).filter((run) => run.trigger === 'schedule');
const backupAlerts = async () =>
  (await t.call('alerts:list', {})).filter((alert) => alert.kind === 'backup').map((alert) => `${alert.severity}: ${alert.title}`);

/** Runs the schedule worker and waits for what it started (the backup job, then the run's end). */
async function runSchedule() {
  await t.call('workers:run', { name: SCHEDULE_WORKER });
  await t.core.jobs.settled();
  await expect.poll(async () => (await scheduledRuns()).some((run) => run.status === 'running'), { timeout: 10_000 }).toBe(false);
}

beforeAll(async () => {
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.22',
    authorizedKeys: [rig.clientKey.publicKey],
    logLevel: 'ERROR',
  });
  t = createTestCore({
    clock: { now: () => new Date(Date.now() + offset) },
    nodeTuning: QUICK_RECONNECT,
  });
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 30 } });
  nodeId = (await addSshdNode(t, rig, sshd, 'schedule-node')).node.id;
  const templateId = await publishTemplate(t, backupTemplate(rig.images.local, { slug: `scheduled-${suffix}` }));
  const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name: `scheduled-${suffix}`, nodeId });
  expect(deployed.status).toBe('running');
  deploymentId = deployed.id;
}, 120_000);

afterAll(async () => {
  try {
    await t.close();
  } finally {
    await sshd.stop();
    const filters = { label: [`${labels.deployment}=${deploymentId}`] };
    for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
    for (const v of (await docker.listVolumes({ filters })).Volumes) await docker.getVolume(v.Name).remove();
    dir.remove();
  }
}, 60_000);

describe('a daily backup schedule', () => {
  it('runs when due, live as asked, and keeps only what its retention says', async () => {
    const policy = await t.call('backups:policy-set', {
      deploymentId,
      schedule: 'daily',
      copyMode: 'live',
      retention: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    });
    expect(Date.parse(policy.nextRunAt ?? '')).toBeGreaterThan(Date.now());
    // Not due yet: nothing runs.
    await runSchedule();
    expect(await scheduledRuns()).toEqual([]);

    offset += DAY;
    await runSchedule();
    offset += DAY;
    await runSchedule();
    // Retention keeps the last one (it runs after each good backup); the first leaves the history with its snapshots.
    await expect.poll(async () => (await scheduledRuns()).map((run) => run.status), { timeout: 30_000 }).toEqual(['succeeded']);
    const runs = await scheduledRuns();
    expect(runs[0]?.copyMode).toBe('live');
    const after = await t.call('backups:policy', { deploymentId });
    expect(Date.parse(after.nextRunAt ?? '')).toBeGreaterThan(Date.now() + offset);
    // A live copy never stopped the app.
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.transitions.map((tr) => tr.cause)).not.toContain('stopped for a backup');
    expect(await backupAlerts()).toEqual([]);
  }, 120_000);

  it('is skipped with a note while the node is unreachable, raises alerts, and the next good backup resolves them', async () => {
    const health: string[] = [];
    const stopListening = t.core.events.on('backups:health', (event) => health.push(`${event.state}: ${event.title}`));
    await sshd.stop();
    try {
      await expect.poll(checkedStatus, { timeout: 20_000, interval: 500 }).toBe('offline');
      offset += 3 * DAY;
      await runSchedule();
      const [skipped] = await scheduledRuns();
      expect(skipped?.status).toBe('failed');
      expect(skipped?.error).toMatch(/^Skipped: schedule-node could not be reached\. The backup runs again at its next scheduled time\.$/);
      const name = `scheduled-${suffix}`;
      // One open backup alert per deployment: the failure; its last good backup went stale too.
      await expect.poll(backupAlerts).toEqual([`error: The backup of ${name} failed`]);
      expect(health).toEqual([`failed: The backup of ${name} failed`, `stale: ${name} has no recent backup`]);
    } finally {
      await sshd.start();
    }
    await expect.poll(checkedStatus, { timeout: 20_000, interval: 500 }).toBe('online');
    offset += DAY;
    await runSchedule();
    expect((await scheduledRuns())[0]?.status).toBe('succeeded');
    await expect.poll(backupAlerts).toEqual([]);
    stopListening();
  }, 120_000);
});
