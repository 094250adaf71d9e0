/**
 * Backups against the rig, with Debian's restic: a two-service deployment (a database the template
 * dumps by command, and a plain volume) is backed up into a repository on this computer, its data
 * changed, and restored: the old data is back and what it held before the restore was kept as a
 * backup. Then it moves to the other node with its data and secrets. Nothing of a backup stays on
 * the node (no helper container, no copy on its disk).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRun } from '../../src/shared/contract/backups';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { backupTemplate } from '../helpers/backup-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
let t: TestCore;
let nodeIds: string[] = [];
let templateId = '';
const created: string[] = [];
const secrets = createKeyringSecretStore(`hoster-it-backups-${suffix}`);
/** The repository's password, as the app keeps it: in the keychain only. */
const keychainPassword = async () => (await secrets.get('backups:repository-password')) ?? '';

beforeAll(async () => {
  t = createTestCore({ secrets });
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeIds = [(await addRigNode(t, rig, 0)).id, (await addRigNode(t, rig, 1)).id];
  templateId = await publishTemplate(t, backupTemplate(rig.images.local, { slug: `data-pair-${suffix}` }));
}, 60_000);

afterAll(async () => {
  await t.close();
  for (const id of created) {
    const filters = { label: [`${labels.deployment}=${id}`] };
    for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
    for (const v of (await docker.listVolumes({ filters })).Volumes) await docker.getVolume(v.Name).remove();
  }
});

/** Runs a shell command in the deployment's service container; returns its stdout. */
async function shell(deploymentId: string, service: string, script: string): Promise<string> {
  const [container] = await docker.listContainers({
    filters: { label: [`${labels.deployment}=${deploymentId}`, `${labels.service}=${service}`] },
  });
  if (!container) throw new Error(`${service} of ${deploymentId} is not running`);
  const exec = await docker.getContainer(container.Id).exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: false, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Docker's multiplexed frames: an 8-byte header before each chunk of output.
  const raw = Buffer.concat(chunks);
  let text = '';
  for (let offset = 0; offset + 8 <= raw.length; offset += 8 + raw.readUInt32BE(offset + 4))
    text += raw.subarray(offset + 8, offset + 8 + raw.readUInt32BE(offset + 4)).toString('utf8');
  return text.trim();
}

const dataOf = async (id: string) => ({
  db: await shell(id, 'db', 'cat /data/db.txt'),
  files: await shell(id, 'files', 'cd /files && for f in $(ls | sort); do echo "$f=$(md5sum < $f | cut -c1-8)"; done'),
});

async function settledRun(runId: string): Promise<BackupRun> {
  await t.core.jobs.settled();
  // The run is ended by a listener on the job's end: give it its turn.
  for (let i = 0; i < 50; i += 1) {
    const run = (await t.call('backups:list', {})).find((r) => r.id === runId);
    if (run && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not end`);
}

/** Helper containers of this test's deployments (other suites may be backing up on the same engine). */
const helpersLeft = async () =>
  (await docker.listContainers({ all: true, filters: { label: ['dev.hoster.backup-helper'] } })).filter((c) =>
    created.includes(c.Labels['dev.hoster.backup-helper'] ?? ''),
  ).length;

describe('backups of a deployment with a database and a plain volume', () => {
  let deploymentId = '';
  let firstRun: BackupRun;

  it('backs up the dump and the volume into a new repository on this computer', async () => {
    const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name: `data-${suffix}`, nodeId: nodeIds[0] ?? '' });
    deploymentId = deployed.id;
    created.push(deploymentId);
    expect(deployed.status).toBe('running');
    await shell(deploymentId, 'db', 'echo "rows of version one" > /data/db.txt');
    await shell(deploymentId, 'files', 'echo one > /files/a && head -c 3000000 /dev/urandom > /files/big');

    const repository = await t.call('backups:repository', {});
    expect(repository).toMatchObject({ isReady: true, isDefaultLocation: true, problem: null });
    expect(repository.restic?.version).toMatch(/^\d+\.\d+\.\d+$/);

    const { runId } = await t.call('backups:run', { deploymentId });
    firstRun = await settledRun(runId);
    expect(firstRun.error).toBeNull();
    expect(firstRun.status).toBe('succeeded');
    // The database is dumped (its volume is not copied as files); the plain volume is copied.
    expect(firstRun.items.map((item) => `${item.kind} ${item.service} ${item.volume ?? '-'}`).sort()).toEqual([
      'dump db -',
      'volume files files',
    ]);
    expect(firstRun.bytes).toBeGreaterThan(3_000_000);
    expect(firstRun.addedBytes).toBeGreaterThan(0);
    expect(await helpersLeft()).toBe(0);
    // The stopped-for-a-consistent-copy default: it went down for the copy and is running again.
    const after = await t.call('deployments:get', { id: deploymentId });
    expect(after.status).toBe('running');
    expect(after.transitions.map((tr) => tr.cause)).toContain('stopped for a backup');

    // What restic holds is what the app recorded, tagged with the deployment, service and version.
    const listed = spawnSync('restic', ['snapshots', '--json', '--no-cache', '--no-lock'], {
      env: { ...process.env, RESTIC_REPOSITORY: repository.location, RESTIC_PASSWORD: await keychainPassword() },
    });
    expect(listed.stderr.toString()).toBe('');
    const snapshots = JSON.parse(listed.stdout.toString()) as { short_id: string; tags: string[] }[];
    expect(snapshots.map((s) => s.short_id).sort()).toEqual(firstRun.items.map((i) => i.snapshotId).sort());
    expect(snapshots[0]?.tags).toEqual(expect.arrayContaining([`deployment:${deploymentId}`, 'version:1.0.0']));
  }, 120_000);

  it('restores the old data after it changed, keeping what it held as a backup first', async () => {
    await shell(deploymentId, 'db', 'echo "rows of version two" > /data/db.txt');
    await shell(deploymentId, 'files', 'echo two > /files/a && echo new > /files/b');
    const steps: string[] = [];
    const stopRecording = t.core.events.on('jobs:changed', (job) => {
      const step = job.progress?.step;
      if (step && steps.at(-1) !== step) steps.push(step);
    });
    const { jobId } = await t.call('backups:restore', { runId: firstRun.id });
    await t.core.jobs.settled();
    stopRecording();
    // The dump is loaded with only its database up; the app's other services start after it.
    const loaded = steps.indexOf('Restoring the dump of db');
    expect(loaded).toBeGreaterThan(steps.indexOf('Restoring volume files (1 of 1)'));
    expect(steps.slice(0, loaded)).not.toContain('Starting files');
    expect(steps.slice(loaded)).toContain('Starting files');
    const job = await t.call('jobs:get', { id: jobId });
    expect(`${job.status} ${job.error?.message ?? ''}`).toBe('succeeded ');
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
    const data = await dataOf(deploymentId);
    expect(data.db).toBe('rows of version one');
    expect(data.files.split('\n').map((line) => line.split('=')[0])).toEqual(['a', 'big']);
    expect(await shell(deploymentId, 'files', 'cat /files/a; wc -c < /files/big')).toBe('one\n3000000');

    const runs = await t.call('backups:list', { deploymentId });
    const kept = runs.find((run) => run.trigger === 'before-restore');
    expect(kept?.status).toBe('succeeded');
    expect(kept?.items.map((item) => item.kind).sort()).toEqual(['dump', 'volume']);
    expect(await helpersLeft()).toBe(0);
  }, 120_000);

  it('moves the deployment to the other node with its data and secrets', async () => {
    const name = `moved-${suffix}`;
    const { jobId, deploymentId: copyId } = await t.call('backups:move', { runId: firstRun.id, nodeId: nodeIds[1] ?? '', name });
    created.push(copyId);
    await t.core.jobs.settled();
    const job = await t.call('jobs:get', { id: jobId });
    expect(`${job.status} ${job.error?.message ?? ''}`).toBe('succeeded ');
    const copy = await t.call('deployments:get', { id: copyId });
    expect(`${copy.status} ${copy.nodeId} ${copy.templateVersion}`).toBe(`running ${nodeIds[1] ?? ''} 1.0.0`);
    // The dump's restore command checks the password it was made under: the secrets came along.
    expect(await dataOf(copyId)).toEqual(await dataOf(deploymentId));
    // The old one is left for the user to delete.
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
  }, 180_000);

  it('writes a volume of a backup as a tar file on this computer', async () => {
    const { path, bytes } = await t.call('backups:export', { runId: firstRun.id, service: 'files', volume: 'files' });
    expect(bytes).toBeGreaterThan(3_000_000);
    const listing = execFileSync('tar', ['-tf', path]).toString().split('\n');
    expect(listing).toEqual(expect.arrayContaining(['hoster-volume/a', 'hoster-volume/big']));
    expect(readFileSync(path).length).toBe(bytes);
  });

  it('cancels mid-stream: the run is cancelled, the app runs again and the repository passes restic check', async () => {
    await shell(deploymentId, 'files', 'head -c 400000000 /dev/zero | tr "\\000" x > /files/huge');
    const { jobId, runId } = await t.call('backups:run', { deploymentId });
    await expect
      .poll(async () => (await t.call('jobs:get', { id: jobId })).progress?.step ?? '', { timeout: 30_000, interval: 50 })
      .toMatch(/^Backing up volume files/);
    await t.call('jobs:cancel', { id: jobId });
    const run = await settledRun(runId);
    expect(`${run.status} ${run.items.length}`).toBe('cancelled 0');
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
    expect(await helpersLeft()).toBe(0);
    const check = await t.call('backups:check', {});
    await t.core.jobs.settled();
    expect((await t.call('jobs:get', { id: check.jobId })).status).toBe('succeeded');
    expect((await t.call('backups:repository', {})).lastCheck?.isOk).toBe(true);
    await shell(deploymentId, 'files', 'rm /files/huge');
  }, 180_000);

  it('backs up into another repository, and goes back to the first without its password typed again', async () => {
    const elsewhere = join(t.dataDir, 'elsewhere');
    const moved = await t.call('backups:repository-set', { location: elsewhere });
    expect(moved).toMatchObject({ location: elsewhere, isDefaultLocation: false, isReady: true });
    const { runId } = await t.call('backups:run', { deploymentId });
    expect((await settledRun(runId)).status).toBe('succeeded');
    const back = await t.call('backups:repository-set', { location: '' });
    expect(back).toMatchObject({ isDefaultLocation: true, isReady: true, problem: null });
    const again = await t.call('backups:run', { deploymentId });
    expect((await settledRun(again.runId)).status).toBe('succeeded');
  }, 120_000);
});
