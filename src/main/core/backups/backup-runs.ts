import { randomUUID } from 'node:crypto';
import type { BackupItem, BackupRun, BackupTrigger, CopyMode } from '@shared/contract/backups';
import type { Job } from '@shared/contract/jobs';
import type { CoreContext } from '../core-context';
import type { BackupStore } from './backup-store';
import { runTag } from './backup-work';
import type { BackupPorts, DataTarget } from './ports';
import type { Repository } from './repository';

export interface BackupDeps {
  context: CoreContext;
  store: BackupStore;
  repository: Repository;
  ports: BackupPorts;
  /** Work after a job's end (ending its run, retention): closing the app waits for it; a failure is logged. */
  track(work: Promise<unknown>): void;
}

const TERMINAL: readonly Job['status'][] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/** Resolves with the job once it has ended, however it ended. */
export function jobEnd(context: CoreContext, jobId: string): Promise<Job> {
  return new Promise((resolve) => {
    const off = context.events.on('jobs:changed', (job) => {
      if (job.id !== jobId || !TERMINAL.includes(job.status)) return;
      off();
      resolve(job);
    });
    const now = context.jobs.get(jobId);
    if (TERMINAL.includes(now.status)) {
      off();
      resolve(now);
    }
  });
}

/** A run recorded as started: it shows in the history at once, and a crash finds it. */
export function beginRun(
  deps: BackupDeps,
  target: DataTarget,
  trigger: BackupTrigger,
  copyMode: CopyMode,
): BackupRun {
  const run: BackupRun = {
    id: randomUUID(),
    deploymentId: target.id,
    deploymentName: target.name,
    nodeId: target.nodeId,
    templateVersion: target.templateVersion,
    trigger,
    status: 'running',
    copyMode,
    items: [],
    bytes: 0,
    addedBytes: 0,
    durationMs: null,
    error: null,
    jobId: null,
    startedAt: deps.context.clock.now().toISOString(),
    finishedAt: null,
  };
  deps.store.insertRun(run);
  deps.context.events.emit('backups:run-changed', run);
  return run;
}

export const attachJob = (deps: BackupDeps, runId: string, jobId: string) =>
  deps.context.events.emit('backups:run-changed', deps.store.updateRun(runId, { jobId }));

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A run ends: good, with its items and totals; or failed or cancelled, its partial snapshots
 * forgotten (with any an earlier failed run still has) so nothing of it can pass for a good backup.
 * Raises or resolves the deployment's alert.
 */
export async function endRun(
  deps: BackupDeps,
  runId: string,
  outcome: { items: BackupItem[] } | { status: 'failed' | 'cancelled'; error: unknown },
): Promise<BackupRun> {
  const { context, store } = deps;
  const before = store.run(runId);
  if (!before) throw new Error(`backup run ${runId} is gone`);
  const finishedAt = context.clock.now();
  const durationMs = finishedAt.getTime() - Date.parse(before.startedAt);
  const base = { finishedAt: finishedAt.toISOString(), durationMs };
  const run =
    'items' in outcome
      ? store.updateRun(runId, {
          ...base,
          status: 'succeeded',
          items: outcome.items,
          bytes: outcome.items.reduce((sum, item) => sum + item.bytes, 0),
          addedBytes: outcome.items.reduce((sum, item) => sum + item.addedBytes, 0),
        })
      : store.updateRun(runId, { ...base, status: outcome.status, error: messageOf(outcome.error) });
  context.events.emit('backups:run-changed', run);
  // The alert follows the run at once; the sweep below waits for restic.
  reportHealth(deps, run);
  await forgetUnkept(deps);
  return run;
}

/**
 * Every snapshot of a run that ended without success, forgotten (its data goes at the next prune), so
 * nothing of it can pass for a good backup. Swept at each run's end, it also takes what an earlier try
 * could not: a snapshot a killed app's restic saved after recovery (its stdin closed, it kept what it
 * had), or one a stale lock kept. restic forgets nothing by a tag alone ("no policy was specified"),
 * so the snapshots are named; a killed restic's stale locks are removed first. A failure is logged.
 */
export async function forgetUnkept(deps: BackupDeps): Promise<void> {
  try {
    const unkept = new Set(
      (['failed', 'cancelled'] as const).flatMap((status) =>
        deps.store.runs({ status, limit: 100_000 }).map((run) => runTag(run.id)),
      ),
    );
    const { stdout } = await deps.repository.run(['snapshots', '--json']);
    const ids = (JSON.parse(stdout || '[]') as { id: string; tags?: string[] | null }[])
      .filter((snapshot) => snapshot.tags?.some((tag) => unkept.has(tag)))
      .map((snapshot) => snapshot.id);
    if (ids.length === 0) return;
    await deps.repository.run(['unlock'], {}, 'exclusive');
    await deps.repository.run(['forget', ...ids], {}, 'exclusive');
  } catch (error) {
    deps.context.logger.warn('failed backups kept their snapshots for now', { error: messageOf(error) });
  }
}

function reportHealth(deps: BackupDeps, run: BackupRun) {
  if (run.status === 'cancelled') return;
  deps.context.events.emit('backups:health', {
    deploymentId: run.deploymentId,
    nodeId: run.nodeId,
    state: run.status === 'succeeded' ? 'ok' : 'failed',
    title: run.status === 'succeeded' ? `${run.deploymentName} is backed up` : `The backup of ${run.deploymentName} failed`,
    message: run.error ?? 'The last backup succeeded.',
  });
}
