import { endRun, type BackupDeps } from './backup-runs';
import { removeLeftoverHelpers } from './node-streams';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The ids of the runs an earlier run of the app left `running`, read when the feature is built:
 * before any request is served, so a run this app begins is never among them.
 */
export const runsLeftRunning = (store: BackupDeps['store']): ReadonlySet<string> =>
  new Set(store.runs({ status: 'running', limit: 10_000 }).map((run) => run.id));

/**
 * After the app was stopped mid-backup: each run it left `running` (`leftRunning`) failed, its
 * partial snapshots forgotten (after the stale locks of a killed restic are removed), and helper
 * containers left on reachable nodes removed. A node that cannot be reached has its helpers removed
 * by its next backup. It runs after the core's first answer, so a backup this app has begun may
 * already be running: it is not in `leftRunning`, and is left alone.
 */
export async function recoverInterrupted(deps: BackupDeps, leftRunning: ReadonlySet<string>): Promise<void> {
  const { store, context, ports } = deps;
  const stranded = store.runs({ status: 'running', limit: 10_000 }).filter((run) => leftRunning.has(run.id));
  if (stranded.length === 0) return;
  await deps.repository.run(['unlock'], {}, 'exclusive').catch((error: unknown) =>
    context.logger.warn('backup repository locks stay for now', { error: messageOf(error) }),
  );
  for (const run of stranded)
    await endRun(deps, run.id, { status: 'failed', error: 'The app stopped during this backup; nothing of it was kept.' });
  for (const { nodeId, deploymentId } of stranded) {
    // A backup this app runs on the deployment removes the leftovers itself before it makes its own
    // helper, which a sweep now could take from under it.
    const isBackingUp = store.runs({ deploymentId, status: 'running', limit: 1 }).length > 0;
    if (isBackingUp || ports.nodes.get(nodeId)?.status === 'offline') continue;
    try {
      await removeLeftoverHelpers(await ports.connections.docker(nodeId), deploymentId);
    } catch (error) {
      context.logger.warn('backup helpers stay on a node for now', { node: nodeId, error: messageOf(error) });
    }
  }
}
