/**
 * What backup tests look at from outside the app: the repository as restic itself lists it (run by
 * the test as a user would from a shell, the password in the environment only), the helper
 * containers left on the engine, and a run once it has ended.
 */
import { spawnSync } from 'node:child_process';
import type Docker from 'dockerode';
import type { BackupRun } from '../../src/shared/contract/backups';
import type { TestCore } from './test-core';

export interface ResticAccess {
  location: string;
  password: string;
}

export interface Snapshot {
  id: string;
  short_id: string;
  tags?: string[];
}

export const resticEnv = (repository: ResticAccess) => ({
  ...process.env,
  RESTIC_REPOSITORY: repository.location,
  RESTIC_PASSWORD: repository.password,
});

/** restic run once to its end (bounded: killed after `timeoutMs`), without the app's cache. */
export function resticOnce(repository: ResticAccess, args: readonly string[], timeoutMs = 120_000) {
  const result = spawnSync('restic', ['--no-cache', ...args], {
    env: resticEnv(repository),
    timeout: timeoutMs,
  });
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** Every snapshot in the repository, read without taking a lock (so a lock held elsewhere does not matter). */
export function snapshotsIn(repository: ResticAccess): Snapshot[] {
  const listed = resticOnce(repository, ['snapshots', '--json', '--no-lock']);
  if (listed.code !== 0) throw new Error(`restic snapshots failed: ${listed.stderr}`);
  return JSON.parse(listed.stdout) as Snapshot[];
}

/** The snapshots restic holds that carry a run's tag. */
export const snapshotsOfRun = (repository: ResticAccess, runId: string) =>
  snapshotsIn(repository).filter((snapshot) => snapshot.tags?.includes(`run:${runId}`));

/** Helper containers (the backups feature labels each with its deployment) the engine still has for a deployment. */
export async function helpersOf(docker: Docker, deploymentId: string): Promise<number> {
  const filters = { label: [`dev.hoster.backup-helper=${deploymentId}`] };
  return (await docker.listContainers({ all: true, filters })).length;
}

/** The run once it has ended: its job has settled and the listener on the job's end has written it. */
export async function endedRun(t: Pick<TestCore, 'call' | 'core'>, runId: string): Promise<BackupRun> {
  await t.core.jobs.settled();
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const run = (await t.call('backups:list', { limit: 1000 })).find((row) => row.id === runId);
    if (run && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`backup run ${runId} did not end`);
}
