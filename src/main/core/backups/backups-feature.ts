import type { BackupOverviewRow, BackupPolicy } from '@shared/contract/backups';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { startBackup } from './backup-operation';
import { type BackupDeps } from './backup-runs';
import { createBackupStore } from './backup-store';
import { startCheck } from './repository-check';
import { recoverInterrupted, runsLeftRunning } from './recovery';
import type { BackupPorts } from './ports';
import { createRepository } from './repository';
import { exportVolume, startMove, startRestore } from './restore-operation';
import { createScheduleWorkers } from './schedule-workers';
import { defaultPolicy, isStale, policyFrom } from './schedules';

export type BackupsFeature = Feature<MethodsOf<'backups'>>;

function policyOf(deps: BackupDeps, deploymentId: string): BackupPolicy {
  return deps.store.policy(deploymentId) ?? defaultPolicy(deploymentId, deps.context.clock.now());
}

function overview(deps: BackupDeps): BackupOverviewRow[] {
  const now = deps.context.clock.now();
  return deps.ports.deployments.list().map((deployment) => {
    const policy = policyOf(deps, deployment.id);
    const lastSuccessAt = deps.store.lastSuccess(deployment.id)?.startedAt ?? null;
    return {
      deploymentId: deployment.id,
      deploymentName: deployment.name,
      nodeId: deployment.nodeId,
      policy,
      lastRun: deps.store.runs({ deploymentId: deployment.id, limit: 1 })[0] ?? null,
      lastSuccessAt,
      isStale: isStale(policy, lastSuccessAt, now),
    };
  });
}

const backupHandlers = (deps: BackupDeps): BackupsFeature['handlers'] => ({
  'backups:repository': () => deps.repository.describe(),
  'backups:repository-set': async ({ location, password }) => {
    await deps.repository.set(location, password);
    const described = await deps.repository.describe();
    deps.context.events.emit('backups:repository-changed', described);
    return described;
  },
  'backups:check': () => startCheck(deps),
  'backups:policy': ({ deploymentId }) => policyOf(deps, deploymentId),
  'backups:policy-set': (input) => {
    const policy = policyFrom(input, deps.context.clock.now());
    deps.store.savePolicy(policy, deps.context.clock.now().toISOString());
    deps.context.events.emit('backups:policy-changed', policy);
    return policy;
  },
  'backups:list': ({ deploymentId, limit }) => deps.store.runs({ deploymentId, limit }),
  'backups:overview': () => overview(deps),
  'backups:run': ({ deploymentId }) => startBackup(deps, deploymentId, 'manual', policyOf(deps, deploymentId)),
  'backups:restore': ({ runId }) => startRestore(deps, runId, { keepCurrent: true }),
  'backups:move': ({ runId, nodeId, name }) => startMove(deps, runId, { nodeId, name }),
  'backups:export': (input) => exportVolume(deps, input),
});

/**
 * Backups of every deployment's data into one restic repository on this computer, on each
 * deployment's schedule, with retention, restore and moves to other nodes. History is in the
 * database, so it reads offline.
 */
export function createBackupsFeature(context: CoreContext, ports: BackupPorts): BackupsFeature {
  const store = createBackupStore(context.db);
  const repository = createRepository({
    dataDir: context.dataDir,
    store,
    secrets: context.secrets,
    resticPath: ports.resticPath,
    resourcesDir: ports.resourcesDir,
  });
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<unknown>) => {
    const entry: Promise<void> = work
      .then(
        () => undefined,
        (error: unknown) =>
          context.logger.warn('backup work after a job failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => pending.delete(entry));
    pending.add(entry);
  };
  const deps: BackupDeps = { context, store, repository, ports, track };
  const policyFor = (deploymentId: string) => policyOf(deps, deploymentId);
  const stopFollowing = context.events.on('deployments:transitioned', ({ deployment, to }) => {
    if (to === 'deleted') store.removePolicy(deployment.id);
  });
  const leftRunning = runsLeftRunning(store);
  let recovery: Promise<void> = Promise.resolve();
  return {
    workers: createScheduleWorkers(deps, policyFor),
    handlers: backupHandlers(deps),
    start: () => {
      recovery = recoverInterrupted(deps, leftRunning);
    },
    // After the jobs were stopped: what their ends started (runs ended, retention) finishes first.
    close: async () => {
      stopFollowing();
      await recovery;
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
