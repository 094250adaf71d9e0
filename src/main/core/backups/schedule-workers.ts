import type { BackupPolicy } from '@shared/contract/backups';
import type { WorkerDefinition } from '../scheduler/scheduler';
import { startBackup } from './backup-operation';
import { beginRun, endRun, jobEnd, type BackupDeps } from './backup-runs';
import { startCheck } from './repository-check';
import { isStale, nextRunAfter } from './schedules';

export const SCHEDULE_WORKER = 'backups-schedule';
export const CHECK_WORKER = 'backups-check';
const SCHEDULE_SECONDS = 60;
const CHECK_SECONDS = 6 * 3600;
const CHECK_EVERY_MS = 7 * 24 * 3600 * 1000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A due backup started as a job (jobs on one node run one at a time); one whose node is unreachable,
 * or that cannot start, is recorded as failed with the reason, and the schedule moves on to its next time.
 */
async function runDue(deps: BackupDeps, policy: BackupPolicy): Promise<void> {
  const { context, ports, store } = deps;
  const now = context.clock.now();
  store.savePolicy({ ...policy, nextRunAt: nextRunAfter(policy, now) }, now.toISOString());
  const target = await ports.deployments.target(policy.deploymentId).catch(() => null);
  if (!target) return store.removePolicy(policy.deploymentId);
  const node = ports.nodes.get(target.nodeId);
  if (node?.status === 'offline') {
    const skipped = beginRun(deps, target, 'schedule', policy.copyMode);
    await endRun(deps, skipped.id, {
      status: 'failed',
      error: `Skipped: ${node.name} could not be reached. The backup runs again at its next scheduled time.`,
    });
    return;
  }
  await startBackup(deps, policy.deploymentId, 'schedule', policy).catch((error: unknown) =>
    context.logger.warn('a scheduled backup did not start', { deployment: policy.deploymentId, error: messageOf(error) }),
  );
}

/** Raises a warning for each scheduled deployment whose last good backup is older than twice its interval. */
function reportStale(deps: BackupDeps, policies: readonly BackupPolicy[], warned: Set<string>) {
  const now = deps.context.clock.now();
  for (const policy of policies) {
    const last = deps.store.lastSuccess(policy.deploymentId);
    const stale = isStale(policy, last?.startedAt ?? null, now);
    if (stale === warned.has(policy.deploymentId) || !last) continue;
    if (stale) warned.add(policy.deploymentId);
    else warned.delete(policy.deploymentId);
    deps.context.events.emit('backups:health', {
      deploymentId: policy.deploymentId,
      nodeId: last.nodeId,
      state: stale ? 'stale' : 'ok',
      title: stale ? `${last.deploymentName} has no recent backup` : `${last.deploymentName} is backed up`,
      message: stale
        ? `Its last good backup is from ${last.startedAt.slice(0, 16).replace('T', ' ')}, more than twice its schedule's interval ago.`
        : 'A recent backup succeeded.',
    });
  }
}

/** The schedule (every minute: due backups, stale warnings) and the weekly `restic check`. */
export function createScheduleWorkers(deps: BackupDeps, policyFor: (deploymentId: string) => BackupPolicy): WorkerDefinition[] {
  const warned = new Set<string>();
  return [
    {
      name: SCHEDULE_WORKER,
      intervalSeconds: () => SCHEDULE_SECONDS,
      run: async () => {
        const now = deps.context.clock.now().getTime();
        const scheduled = deps.store.policies().filter((policy) => policy.schedule !== 'off');
        for (const policy of scheduled)
          if (policy.nextRunAt !== null && Date.parse(policy.nextRunAt) <= now) await runDue(deps, policyFor(policy.deploymentId));
        reportStale(deps, scheduled, warned);
      },
    },
    {
      name: CHECK_WORKER,
      intervalSeconds: () => CHECK_SECONDS,
      run: async () => {
        const last = deps.store.repository().last_check_at;
        const hasBackups = deps.store.runs({ status: 'succeeded', limit: 1 }).length > 0;
        if (!hasBackups || (last !== null && deps.context.clock.now().getTime() - Date.parse(last) < CHECK_EVERY_MS)) return;
        await jobEnd(deps.context, startCheck(deps).jobId);
      },
    },
  ];
}
