/**
 * Backups when something goes wrong, against the rig with Debian's restic: a wrong repository
 * password, a repository locked by another restic, a full disk under the repository, the SSH
 * connection cut mid-stream, a node without room for a restore, and no restic at all. Each gives a
 * clear message and nothing of it passes for a good backup: not in the app's history, not in
 * restic's own listing, and no helper container stays on the node.
 *
 * Besides the rig's node1, the file has a node of its own (127.0.0.41, sshd in its own mount
 * namespace, see tests/helpers/backup-node.ts) whose connections it cuts and whose Docker disk it
 * fills; and a small tmpfs it mounts for the full repository. Both go in afterAll.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRun } from '../../src/shared/contract/backups';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { formatBytes } from '../../src/main/core/backups/transfer';
import type { CorePorts } from '../../src/main/core/create-core';
import { fillFiles, removeDeployments } from '../helpers/backup-data';
import { startBackupNode, type BackupNode } from '../helpers/backup-node';
import {
  endedRun,
  helpersOf,
  resticEnv,
  resticOnce,
  snapshotsIn,
  snapshotsOfRun,
  type ResticAccess,
} from '../helpers/backup-restic';
import { backupTemplate } from '../helpers/backup-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const dir = makeTempDir('hoster-backup-faults-');
const dataDir = join(dir.path, 'app');
mkdirSync(dataDir);
const secrets = createKeyringSecretStore(`hoster-it-backup-faults-${suffix}`);
/** The app's clock runs ahead by this much when a test moves it on to a scheduled backup. */
let aheadMs = 0;
const ports: Partial<CorePorts> = {
  dataDir,
  secrets,
  clock: { now: () => new Date(Date.now() + aheadMs) },
  nodeTuning: {
    timings: { readyTimeoutMs: 5000, keepaliveIntervalMs: 1000, keepaliveCountMax: 3 },
    backoff: { baseMs: 200, maxMs: 1000 },
  },
};
let t: TestCore;
let edge: BackupNode | null = null;
const mounts: string[] = [];
const started: ChildProcess[] = [];
const created: string[] = [];
/** On the rig's node1: backed up into the default repository, a full one, and by a core without restic. */
let onRig = '';
/** On this file's own node: its connection cut mid-stream, then its disk too small for a restore. */
let onEdge = '';
let edgeNodeId = '';

/** The default repository's password; each other location keeps its own under its name. */
const passwordInKeychain = async (location?: string) =>
  (await secrets.get(location === undefined ? 'backups:repository-password' : `backups:repository-password:${location}`)) ?? '';
const appRepository = async (): Promise<ResticAccess> => {
  const { location, isDefaultLocation } = await t.call('backups:repository', {});
  return { location, password: await passwordInKeychain(isDefaultLocation ? undefined : location) };
};

async function addEdgeNode(): Promise<string> {
  edge = await startBackupNode({
    dir: join(dir.path, 'edge'),
    host: '127.0.0.41',
    authorizedKeys: [rig.clientKey.publicKey],
  });
  const [key] = await t.call('keys:list', {});
  const { node, test } = await t.call('nodes:add', {
    name: `edge-${suffix}`,
    host: edge.host,
    port: edge.port,
    user: 'root',
    keyId: key?.id ?? '',
    dockerSocket: rig.dockerSocket,
    hostKeyFingerprint: edge.hostKeyFingerprint,
  });
  expect(test.status).toBe('online');
  return node.id;
}

beforeAll(async () => {
  t = createTestCore(ports);
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const rigNode = await addRigNode(t, rig, 0);
  edgeNodeId = await addEdgeNode();
  const templateId = await publishTemplate(
    t,
    backupTemplate(rig.images.local, { slug: `fault-pair-${suffix}` }),
  );
  for (const [name, nodeId] of [
    [`faults-${suffix}`, rigNode.id],
    [`cut-${suffix}`, edgeNodeId],
  ] as const) {
    const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name, nodeId });
    created.push(deployed.id);
    expect(`${deployed.status} ${deployed.error ?? ''}`).toBe('running ');
  }
  [onRig = '', onEdge = ''] = created;
  await fillFiles(docker, onRig, 24);
  await fillFiles(docker, onEdge, 64);
}, 180_000);

function stopStarted() {
  for (const child of started)
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      child.kill('SIGKILL');
}

afterAll(async () => {
  try {
    stopStarted();
    await t.close();
    await edge?.stop();
    await removeDeployments(docker, created);
  } finally {
    for (const mount of mounts) execFileSync('umount', [mount]);
    dir.remove();
  }
}, 60_000);

/** Starts a backup now and returns the run once it has ended. */
async function backUp(deploymentId: string): Promise<BackupRun> {
  const { runId } = await t.call('backups:run', { deploymentId });
  return endedRun(t, runId);
}

const succeededRuns = async () =>
  (await t.call('backups:list', { limit: 1000 })).filter((run) => run.status === 'succeeded');

/** A run that did not succeed leaves no snapshot: the app forgets what it had written once the run has ended. */
async function expectForgotten(repository: ResticAccess, runId: string) {
  await expect
    .poll(() => snapshotsOfRun(repository, runId).length, { timeout: 30_000, interval: 250 })
    .toBe(0);
}

describe('backing up goes on working after a fault, and a fault keeps nothing', () => {
  it('backs up into the default repository first', async () => {
    const run = await backUp(onRig);
    expect(`${run.status} ${run.error ?? ''}`).toBe('succeeded ');
    expect(
      snapshotsOfRun(await appRepository(), run.id)
        .map((s) => s.short_id)
        .sort(),
    ).toEqual(run.items.map((i) => i.snapshotId).sort());
  }, 120_000);

  it('refuses a repository that does not open with the password given, and keeps the one it had', async () => {
    const foreign: ResticAccess = {
      location: join(dir.path, 'foreign'),
      password: randomBytes(12).toString('hex'),
    };
    expect(resticOnce(foreign, ['init']).code).toBe(0);
    const before = await t.call('backups:repository', {});
    const password = await passwordInKeychain();
    const runs = await t.call('backups:list', { limit: 1000 });

    const refused = await t.fail('backups:repository-set', {
      location: foreign.location,
      password: 'not-its-password',
    });
    expect(refused.code).toBe('unauthorized');
    expect(refused.field).toBe('password');
    expect(refused.message).toBe(
      'The backup repository does not open with this password. Type the password it was made with.',
    );

    const after = await t.call('backups:repository', {});
    expect(after).toMatchObject({
      location: before.location,
      isDefaultLocation: true,
      isReady: true,
      problem: null,
    });
    expect(await passwordInKeychain()).toBe(password);
    expect(await t.call('backups:list', { limit: 1000 })).toEqual(runs);
    const run = await backUp(onRig);
    expect(`${run.status} ${run.error ?? ''}`).toBe('succeeded ');
    expect(snapshotsOfRun(await appRepository(), run.id)).toHaveLength(run.items.length);
    expect(snapshotsIn(foreign)).toEqual([]);
  }, 120_000);

  it('fails a check while another restic holds the repository, and passes once that process has ended', async () => {
    const repository = await appRepository();
    const snapshots = snapshotsIn(repository)
      .map((s) => s.id)
      .sort();
    const locks = join(repository.location, 'locks');
    const lockCount = () => readdirSync(locks).length;
    // The app's own restic is done (retention after the last backup runs on after the run has ended).
    await expect.poll(lockCount, { timeout: 60_000, interval: 100 }).toBe(0);
    // A backup from stdin that never gets its end of input: it holds its lock for as long as it runs.
    const holder = spawn('restic', ['--no-cache', 'backup', '--stdin', '--stdin-filename', 'held'], {
      env: resticEnv(repository),
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    started.push(holder);
    try {
      await expect.poll(lockCount, { timeout: 20_000, interval: 100 }).toBe(1);
      const { jobId } = await t.call('backups:check', {});
      await t.core.jobs.settled();
      const job = await t.call('jobs:get', { id: jobId });
      expect(job.status).toBe('failed');
      expect(job.error?.message).toMatch(
        /^The backup repository is in use by another restic process\. Try again once it has finished\.\n/,
      );
      // It names who holds the repository, and not restic's own hint about its `unlock` command.
      expect(job.error?.message).toMatch(/\n.*locked by PID \d+ on .*\nlock was created at .*$/);
      expect(job.error?.message).not.toContain('unlock');
      expect((await t.call('backups:repository', {})).lastCheck).toMatchObject({
        isOk: false,
        message: job.error?.message,
      });
    } finally {
      // Killed, not ended: its lock stays behind, stale, and the next check must clear it itself.
      holder.kill('SIGKILL');
      await new Promise((resolve) =>
        holder.exitCode === null && holder.signalCode === null ? holder.once('exit', resolve) : resolve(null),
      );
    }
    expect(lockCount()).toBe(1);
    const { jobId } = await t.call('backups:check', {});
    await t.core.jobs.settled();
    const job = await t.call('jobs:get', { id: jobId });
    expect(`${job.status} ${job.error?.message ?? ''}`).toBe('succeeded ');
    expect((await t.call('backups:repository', {})).lastCheck).toMatchObject({
      isOk: true,
      message: 'No errors were found.',
    });
    expect(
      snapshotsIn(repository)
        .map((s) => s.id)
        .sort(),
    ).toEqual(snapshots);
    expect(lockCount()).toBe(0);
  }, 120_000);

  it('fails a backup into a full disk, keeps nothing of it, and goes back to the repository it had', async () => {
    const small = join(dir.path, 'small');
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'hoster-backup-full', small]);
    mounts.push(small);
    const previous = await appRepository();
    const good = (await succeededRuns()).map((run) => run.id);

    const moved = await t.call('backups:repository-set', { location: join(small, 'repository') });
    expect(moved).toMatchObject({ location: join(small, 'repository'), isReady: true, problem: null });
    const full = await appRepository();
    const run = await backUp(onRig);
    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      'The disk holding the backup repository is full. Free some space there (or move the repository), then back up again.',
    );
    expect(run.items).toEqual([]);
    expect((await succeededRuns()).map((r) => r.id)).toEqual(good);
    await expectForgotten(full, run.id);
    expect(snapshotsIn(full)).toEqual([]);
    expect(await helpersOf(docker, onRig)).toBe(0);
    expect((await t.call('deployments:get', { id: onRig })).status).toBe('running');

    // Back to the default folder: the keychain still has its password, so none is typed.
    const back = await t.call('backups:repository-set', { location: '' });
    expect(back).toMatchObject({ location: previous.location, isDefaultLocation: true, isReady: true });
    const again = await backUp(onRig);
    expect(`${again.status} ${again.error ?? ''}`).toBe('succeeded ');
  }, 180_000);
});

describe('a node that drops off mid-stream or has no room', () => {
  /** Moves the app's clock just past the deployment's next scheduled backup and runs the schedule; returns that run. */
  async function scheduledRun(deploymentId: string): Promise<BackupRun> {
    const { nextRunAt } = await t.call('backups:policy', { deploymentId });
    aheadMs += Math.max(0, Date.parse(nextRunAt ?? '') - (Date.now() + aheadMs)) + 1000;
    const known = new Set((await t.call('backups:list', { deploymentId })).map((run) => run.id));
    await t.call('workers:run', { name: 'backups-schedule' });
    const [run] = (await t.call('backups:list', { deploymentId })).filter((r) => !known.has(r.id));
    if (!run) throw new Error('the schedule started no backup');
    expect(run.trigger).toBe('schedule');
    return endedRun(t, run.id);
  }

  it('fails a backup whose SSH connection is cut mid-stream, keeps nothing of it, and the next schedule backs up', async () => {
    await t.call('backups:policy-set', { deploymentId: onEdge, schedule: 'daily', copyMode: 'live' });
    let cut = 0;
    const stopWatching = t.core.events.on('jobs:changed', (job) => {
      if (cut > 0 || job.target !== onEdge || !job.progress?.step.startsWith('Backing up volume files'))
        return;
      cut = edge?.cutConnections() ?? 0;
    });
    let failed: BackupRun;
    try {
      failed = await scheduledRun(onEdge);
    } finally {
      stopWatching();
    }
    expect(cut).toBeGreaterThan(0);
    expect(failed.status).toBe('failed');
    // The stream either errors (the connection's reset) or ends short of the tar's end; both are said in words.
    expect(failed.error).toMatch(
      /^(The stream of volume files from the node broke off \(.+\); the connection to the node may have dropped\. Nothing of this backup was kept\.|The volume stream ended before the whole archive arrived \(the connection to the node dropped\?\)\.)$/,
    );
    expect(failed.items).toEqual([]);
    const repository = await appRepository();
    await expectForgotten(repository, failed.id);
    expect((await t.call('deployments:get', { id: onEdge })).status).toBe('running');

    await expect
      .poll(async () => (await t.call('nodes:get', { id: edgeNodeId })).status, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe('online');
    const retried = await scheduledRun(onEdge);
    expect(`${retried.status} ${retried.error ?? ''}`).toBe('succeeded ');
    expect(retried.bytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(
      snapshotsOfRun(repository, retried.id)
        .map((s) => s.short_id)
        .sort(),
    ).toEqual(retried.items.map((i) => i.snapshotId).sort());
    expect(await helpersOf(docker, onEdge)).toBe(0);
    expect(
      (await t.call('backups:list', { deploymentId: onEdge })).find((run) => run.id === failed.id)?.status,
    ).toBe('failed');
  }, 180_000);

  it('refuses a restore or a move onto a node without room before anything stops', async () => {
    const [backup] = (await t.call('backups:list', { deploymentId: onEdge })).filter(
      (run) => run.status === 'succeeded',
    );
    const [elsewhere] = (await t.call('backups:list', { deploymentId: onRig })).filter(
      (run) => run.status === 'succeeded',
    );
    if (!backup || !elsewhere) throw new Error('no backup to restore');
    const before = {
      deployment: await t.call('deployments:get', { id: onEdge }),
      deployments: await t.call('deployments:list', {}),
      jobs: await t.call('jobs:list', { limit: 500 }),
      runs: await t.call('backups:list', { limit: 1000 }),
      containers: await startedAt(onEdge),
    };
    const { DockerRootDir } = (await docker.info()) as { DockerRootDir: string };
    edge?.shrinkDisk(DockerRootDir, 1);

    const refused = await t.fail('backups:restore', { runId: backup.id });
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toBe(
      `The node has 1.0 MiB free where Docker keeps its data (${DockerRootDir}); this backup needs about ${formatBytes(Math.ceil(backup.bytes * 1.1))}. Free some space on it, then restore again. Nothing was changed.`,
    );
    const moving = await t.fail('backups:move', {
      runId: elsewhere.id,
      nodeId: edgeNodeId,
      name: `moved-${suffix}`,
    });
    expect(moving.code).toBe('unavailable');
    expect(moving.message).toMatch(
      /^The node has 1\.0 MiB free where Docker keeps its data .*; this backup needs about .*\. Nothing was changed\.$/,
    );

    expect(await t.call('deployments:get', { id: onEdge })).toEqual(before.deployment);
    expect(await t.call('deployments:list', {})).toEqual(before.deployments);
    expect(await t.call('jobs:list', { limit: 500 })).toEqual(before.jobs);
    expect(await t.call('backups:list', { limit: 1000 })).toEqual(before.runs);
    expect(await startedAt(onEdge)).toEqual(before.containers);
  }, 120_000);
});

/** When each of the deployment's containers last started, by name: a stop and start changes it. */
async function startedAt(deploymentId: string): Promise<Record<string, string>> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`dev.hoster.deployment=${deploymentId}`] },
  });
  const entries = await Promise.all(
    containers.map(
      async (c) => [c.Names[0] ?? c.Id, (await docker.getContainer(c.Id).inspect()).State.StartedAt] as const,
    ),
  );
  return Object.fromEntries(entries);
}

describe('without restic', () => {
  it('says how to install restic, and a backup fails at once without recording a run', async () => {
    await t.close();
    t = createTestCore({ ...ports, resticPath: '/nonexistent/restic' });
    const runs = await t.call('backups:list', { limit: 1000 });
    const jobs = await t.call('jobs:list', { target: onRig });

    const repository = await t.call('backups:repository', {});
    expect(repository).toMatchObject({ isReady: false, restic: null, sizeBytes: null });
    expect(repository.problem).toMatch(
      /^restic is not installed on this computer\. Install it \(Debian\/Ubuntu: sudo apt install restic;/,
    );

    const refused = await t.fail('backups:run', { deploymentId: onRig });
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toBe(repository.problem);
    expect(await t.call('backups:list', { limit: 1000 })).toEqual(runs);
    expect(await t.call('jobs:list', { target: onRig })).toEqual(jobs);
    expect(await helpersOf(docker, onRig)).toBe(0);

    const { jobId } = await t.call('backups:check', {});
    await t.core.jobs.settled();
    const check = await t.call('jobs:get', { id: jobId });
    expect(`${check.status} ${check.error?.code ?? ''} ${check.error?.message ?? ''}`).toBe(
      `failed unavailable ${repository.problem ?? ''}`,
    );
  }, 60_000);
});
