import type { BackupItem, BackupPolicy, BackupRun, BackupTrigger, Retention } from '@shared/contract/backups';
import { AppError } from '@shared/result';
import { attachJob, beginRun, endRun, jobEnd, type BackupDeps } from './backup-runs';
import { backupDumps, backupVolumes, hostOf, sourcesOf } from './backup-work';
import { removeLeftoverHelpers } from './node-streams';
import type { DataContext, DataTarget } from './ports';

export const isUp = (target: Pick<DataTarget, 'status'>) => target.status === 'running' || target.status === 'degraded';

export async function targetOrFail(deps: BackupDeps, deploymentId: string): Promise<DataTarget> {
  const target = await deps.ports.deployments.target(deploymentId);
  if (!target) throw new AppError('not_found', 'That deployment no longer exists (or was never deployed).');
  return target;
}

/** What a backup of the target holds, taken in the phases of a data job; `items` fills as it goes. */
export function backupWork(deps: BackupDeps, run: BackupRun, target: DataTarget, copyMode: BackupPolicy['copyMode']) {
  const sources = sourcesOf(target, isUp(target));
  const stopFirst = copyMode === 'stopped' && isUp(target) && sources.volumes.length > 0;
  const count = sources.dumps.length + sources.volumes.length;
  const items: BackupItem[] = [];
  const streams = (context: DataContext) => ({ ...context, repository: deps.repository, run });
  const volumes = async (context: DataContext) => {
    items.push(...(await backupVolumes(streams(context), sources.volumes, { index: sources.dumps.length, count })));
  };
  return {
    items,
    hold: stopFirst ? ('stop' as const) : ('none' as const),
    before: async (context: DataContext) => {
      await removeLeftoverHelpers(context.docker, context.target.id);
      // A killed restic (the app's, killed with it) can outlive recovery and leave its lock behind, which
      // blocks forget and prune, or this backup if it was exclusive. `unlock` removes only such stale
      // locks, so it runs alongside other backups.
      await deps.repository.run(['unlock']);
      items.push(...(await backupDumps(streams(context), sources.dumps, { index: 0, count })));
      if (!stopFirst) await volumes(context);
    },
    offline: stopFirst ? volumes : undefined,
  };
}

/**
 * Backs a deployment up now, as a job on it: dumps first (its databases must be up for them), then
 * its volumes, with the deployment stopped around the copy when its policy asks for a consistent one.
 * Resolves with the job and run at once; the run is ended (and retention applied) when the job ends.
 */
export async function startBackup(deps: BackupDeps, deploymentId: string, trigger: BackupTrigger, policy: BackupPolicy) {
  const target = await targetOrFail(deps, deploymentId);
  await deps.repository.ensureReady();
  const run = beginRun(deps, target, trigger, policy.copyMode);
  const work = backupWork(deps, run, target, policy.copyMode);
  let jobId: string;
  try {
    jobId = deps.ports.deployments.run(deploymentId, { kind: 'backup', hold: work.hold, startAfter: false }, work).jobId;
  } catch (error) {
    await endRun(deps, run.id, { status: 'failed', error });
    throw error;
  }
  attachJob(deps, run.id, jobId);
  deps.track(
    jobEnd(deps.context, jobId).then(async (job) => {
      const ended =
      job.status === 'succeeded'
        ? await endRun(deps, run.id, { items: work.items })
        : await endRun(deps, run.id, {
            status: job.status === 'cancelled' ? 'cancelled' : 'failed',
            error: job.error?.message ?? `The backup job was ${job.status}.`,
          });
      if (ended.status === 'succeeded') await applyRetention(deps, deploymentId, policy.retention);
    }),
  );
  return { jobId, runId: run.id };
}

const hasRule = (retention: Retention) =>
  retention.keepLast + retention.keepDaily + retention.keepWeekly + retention.keepMonthly > 0;

/**
 * `restic forget --prune` by the deployment's rules, per volume and dump, and the history follows: a
 * run whose snapshots restic no longer has leaves it. What the rules forget is asked first (a dry run)
 * and those runs leave the history before restic forgets their snapshots, so a crash between the two
 * leaves snapshots no run names (the next retention takes them), never a good run whose data is gone.
 * A failure is logged; the next backup tries again.
 */
export async function applyRetention(deps: BackupDeps, deploymentId: string, retention: Retention): Promise<void> {
  if (!hasRule(retention)) return;
  const rules: [string, number][] = [
    ['--keep-last', retention.keepLast],
    ['--keep-daily', retention.keepDaily],
    ['--keep-weekly', retention.keepWeekly],
    ['--keep-monthly', retention.keepMonthly],
  ];
  const host = hostOf(deploymentId);
  /** The good runs with a snapshot that is `gone` leave the history; returns all their snapshots. */
  const dropRuns = (gone: (snapshotId: string) => boolean) => {
    const runs = deps.store
      .runs({ deploymentId, status: 'succeeded', limit: 100_000 })
      .filter((run) => run.items.some((item) => gone(item.snapshotId)));
    deps.store.removeRuns(runs.map((run) => run.id));
    return runs.flatMap((run) => run.items.map((item) => item.snapshotId));
  };
  try {
    const { stdout: plan } = await deps.repository.run(
      ['forget', '--dry-run', '--json', '--host', host, '--group-by', 'host,paths', ...rules.flatMap(([flag, n]) => (n > 0 ? [flag, String(n)] : []))],
      {},
      'exclusive',
    );
    const groups = JSON.parse(plan || '[]') as { remove: { short_id: string }[] | null }[];
    const forgotten = new Set(groups.flatMap((group) => (group.remove ?? []).map((s) => s.short_id)));
    const ids = new Set([...forgotten, ...dropRuns((id) => forgotten.has(id))]);
    if (ids.size > 0) await deps.repository.run(['forget', '--prune', ...ids], {}, 'exclusive');
    const { stdout } = await deps.repository.run(['snapshots', '--json', '--host', host]);
    const kept = new Set((JSON.parse(stdout || '[]') as { short_id: string }[]).map((s) => s.short_id));
    dropRuns((id) => !kept.has(id));
  } catch (error) {
    deps.context.logger.warn('retention could not be applied', {
      deployment: deploymentId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
