/**
 * Kill the app mid-backup 10 times and start it again: each time the repository passes `restic
 * check`, no helper container is left on the node, no run counts as good unless restic has all its
 * snapshots (and restic keeps no snapshot of a run that did not succeed), and the next backup
 * succeeds. The app that is killed is the built browser-mode host (`out/main/serve.js`), SIGKILLed
 * at a random point of a backup of a 40 MiB volume, as a crash or a power cut would; the restic it
 * started is left running, as it would be.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRun, CopyMode } from '../../src/shared/contract/backups';
import { CHECK_WORKER } from '../../src/main/core/backups';
import type { Core } from '../../src/main/core/create-core';
import { RECOVERY_WORKER } from '../../src/main/core/deployments/deployments-feature';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { fillFiles, removeDeployments } from '../helpers/backup-data';
import { commandOf, descendantsOf, waitForExit, waitForQuiet } from '../helpers/processes';
import {
  endedRun,
  helpersOf,
  resticOnce,
  snapshotsIn,
  type ResticAccess,
  type Snapshot,
} from '../helpers/backup-restic';
import { backupTemplate } from '../helpers/backup-template';
import { call, crashFolder } from '../helpers/crash-app';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const ROUNDS = 10;
const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
/** What the cores of this file logged, for the message of a failed expectation. */
const logged: string[] = [];
const lastLogged = () => logged.slice(-30).join('\n');
const { dir, keyringService, openCore, killedAfter } = crashFolder('hoster-backup-crash-', (line) =>
  logged.push(line),
);
let deploymentId = '';
/** The kills land anywhere from the backup's start to a little past its end. */
let killWindowMs = 0;

const caller = (core: Core) => ({
  core,
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => call(core, method, input),
});

/** The repository as restic sees it, opened with the password the app keeps in the keychain. */
async function repositoryOf(core: Core): Promise<ResticAccess> {
  const password = await createKeyringSecretStore(keyringService).get('backups:repository-password');
  return { location: (await call(core, 'backups:repository', {})).location, password: password ?? '' };
}

/** Polls outside an expectation (bounded): resolves once `check` is true, or after `ms`. */
async function waitUntil(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** The restic work a core does in the background after a run (forgetting, retention) is over. */
async function resticQuiet(): Promise<void> {
  expect(await waitForQuiet('restic', 120_000)).toBe(true);
}

/** A backup in a core, to its end and the work after it. */
async function backUp(core: Core): Promise<BackupRun> {
  const { runId } = await call(core, 'backups:run', { deploymentId });
  const run = await endedRun(caller(core), runId);
  await resticQuiet();
  return run;
}

beforeAll(async () => {
  const core = openCore();
  try {
    await call(core, 'settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
    const node = await addRigNode(caller(core), rig);
    const template = await call(
      core,
      'templates:create',
      backupTemplate(rig.images.local, { slug: `crash-data-${suffix}` }),
    );
    await call(core, 'templates:publish', { id: template.summary.id, version: '1.0.0' });
    ({ deploymentId } = await call(core, 'deployments:create', {
      templateId: template.summary.id,
      version: '1.0.0',
      name: `crash-data-${suffix}`,
      nodeId: node.id,
    }));
    await core.jobs.settled();
    expect((await call(core, 'deployments:get', { id: deploymentId })).status).toBe('running');
    await fillFiles(docker, deploymentId, 40);
    const first = await backUp(core);
    expect(`${first.status} ${first.error ?? ''}`).toBe('succeeded ');
    // A backup of data the repository already holds, as each killed one is, stopped for the copy (the longer way).
    const started = Date.now();
    const again = await backUp(core);
    expect(`${again.status} ${again.error ?? ''}`).toBe('succeeded ');
    killWindowMs = Math.round((Date.now() - started) * 1.1);
  } finally {
    await core.close();
  }
}, 180_000);

afterAll(async () => {
  await removeDeployments(docker, deploymentId ? [deploymentId] : []);
  dir.remove();
}, 60_000);

/**
 * Starts the built app on the shared data folder, asks it for a backup, and kills it `afterMs`
 * later. Returns the run and the processes the app had started (its restic), which outlive it.
 */
const backupKilled = (afterMs: number): Promise<{ runId: string; orphans: number[]; programs: string[] }> =>
  killedAfter(async (app) => {
    const { runId } = await app.call('backups:run', { deploymentId });
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    const orphans = app.pid === undefined ? [] : descendantsOf(app.pid);
    return { runId, orphans, programs: orphans.map(commandOf) };
  });

/** After a kill: the app starts and recovers; nothing is left on the node and the repository is sound. */
async function recover(core: Core, killed: { runId: string; orphans: number[] }) {
  core.start();
  const running = async () =>
    (await call(core, 'backups:list', { deploymentId })).filter((run) => run.status === 'running');
  await waitUntil(async () => (await running()).length === 0, 60_000);
  expect(await running()).toEqual([]);
  const killedRun = (await call(core, 'backups:list', { deploymentId })).find(
    (run) => run.id === killed.runId,
  );
  expect(['succeeded', 'failed']).toContain(killedRun?.status);
  if (killedRun?.status === 'failed')
    expect(killedRun.error).toBe('The app stopped during this backup; nothing of it was kept.');
  await call(core, 'workers:run', { name: RECOVERY_WORKER });
  // The weekly check runs at start too, until one is recorded: joined, so its lock is not taken for a stale one.
  await call(core, 'workers:run', { name: CHECK_WORKER });
  await core.jobs.settled();
  const deployment = await call(core, 'deployments:get', { id: deploymentId });
  expect(
    deployment.status,
    `${deployment.error ?? ''} ${JSON.stringify(deployment.transitions.slice(0, 6))}`,
  ).toBe('running');
  await waitUntil(async () => (await helpersOf(docker, deploymentId)) === 0, 30_000);
  expect(await helpersOf(docker, deploymentId)).toBe(0);

  // The killed app's restic outlives it for a moment (its stdin closes); once it is gone, restic
  // reads the repository (without a lock: one a killed restic left is the next backup's to remove).
  expect(await waitForExit(killed.orphans, 60_000)).toEqual([]);
  await resticQuiet();
  const repository = await repositoryOf(core);
  const check = resticOnce(repository, ['--no-lock', 'check']);
  expect(`${String(check.code)} ${check.stderr}`).toBe('0 ');
  expectGoodRunsHeld(
    await call(core, 'backups:list', { deploymentId, limit: 1000 }),
    snapshotsIn(repository),
  );
}

/** Every run the history counts as good has all its snapshots in restic. */
function expectGoodRunsHeld(runs: BackupRun[], snapshots: Snapshot[]) {
  const held = new Set(snapshots.map((snapshot) => snapshot.short_id));
  const missing = runs
    .filter((run) => run.status === 'succeeded')
    .flatMap((run) => run.items.filter((item) => !held.has(item.snapshotId)));
  expect(missing, lastLogged()).toEqual([]);
}

/** The next backup succeeds; then restic keeps no lock and no snapshot of a run that did not succeed, and checks clean. */
async function backUpAgain(core: Core, copyMode: CopyMode) {
  await call(core, 'backups:policy-set', { deploymentId, schedule: 'off', copyMode });
  const next = await backUp(core);
  expect(`${next.status} ${next.error ?? ''}`).toBe('succeeded ');
  const repository = await repositoryOf(core);
  expect(readdirSync(join(repository.location, 'locks')), lastLogged()).toEqual([]);
  const runs = await call(core, 'backups:list', { deploymentId, limit: 1000 });
  const snapshots = snapshotsIn(repository);
  expectGoodRunsHeld(runs, snapshots);
  const good = new Set(runs.filter((run) => run.status === 'succeeded').map((run) => `run:${run.id}`));
  const strays = snapshots.filter((snapshot) => !snapshot.tags?.some((tag) => good.has(tag)));
  expect(
    strays.map((snapshot) => `${snapshot.short_id} ${snapshot.tags?.join(',') ?? ''}`),
    lastLogged(),
  ).toEqual([]);
  const check = resticOnce(repository, ['check']);
  expect(`${String(check.code)} ${check.stderr}`).toBe('0 ');
}

describe('backups after the app is killed mid-backup', () => {
  it(`keeps the repository sound and backs up again after ${ROUNDS} kills at random points`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // The copy modes take turns: stopped first (the default: the deployment is held down when the kill
      // lands), then live; each round's core sets the next round's.
      const nextCopyMode: CopyMode = round % 2 === 0 ? 'live' : 'stopped';
      const afterMs = Math.floor(Math.random() * killWindowMs);
      const killed = await backupKilled(afterMs);
      const core = openCore();
      try {
        await recover(core, killed);
        await backUpAgain(core, nextCopyMode);
        const killedRun = (await call(core, 'backups:list', { deploymentId, limit: 1000 })).find(
          (run) => run.id === killed.runId,
        );
        outcomes.push(
          `${String(afterMs)} ms: ${killedRun?.status ?? 'gone'} (${killed.programs.join(',') || 'no child'})`,
        );
      } finally {
        await core.close();
      }
    }
    console.log(`kills within ${String(killWindowMs)} ms, after ${outcomes.join('; ')}`);
  }, 1_200_000);
});
