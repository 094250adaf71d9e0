import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { Logger } from '../logger';
import { removeDeployment } from './apply-plan';
import { stopContainers } from './container-stops';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import { isHeld } from './data-operations';
import { deleteCause, finishDelete, resumeStart } from './lifecycle-operations';
import { reachabilityOf } from './reachability';
import { resumeSwitch } from './revision-switch';
import { RESUMED_CAUSE, transitionalStatuses } from './state-machine';
import { sweepNeverRan } from './sweep-never-ran';

type ReconcileDeps = OperationDeps & { logger: Logger };
/** Carries an interrupted operation on: at once (inside the node lock), or as a job queued behind it. */
type Resume = (deps: ReconcileDeps, deployment: Deployment, docker: Docker) => Promise<void> | void;

/** A stop carried on; one the app made for work on the deployment's data (a backup, a restore) starts it again. */
const resumeStop: Resume = async (deps, deployment, docker) => {
  const active = deps.repository.activeRevision(deployment);
  if (active)
    await stopContainers(
      docker,
      await deps.runtime.planFor(deployment, active),
      new AbortController().signal,
    );
  const held = isHeld(deps, deployment);
  const stopped = deps.runtime.move(deployment, 'stopped', 'all containers stopped');
  if (held) void resumeStart(deps, stopped);
};

const resumeDelete: Resume = async (deps, deployment, docker) => {
  const began = deps.repository.transitions(deployment.id).find((t) => t.to === 'deleting' && t.from !== 'deleting');
  const deleteData = began?.cause === deleteCause(true);
  const active = deps.repository.activeRevision(deployment);
  // A revision that no longer renders is deleted by its labels alone.
  const plan = active ? await deps.runtime.planFor(deployment, active).catch(() => null) : null;
  await removeDeployment(docker, deployment.id, plan, deleteData);
  await finishDelete(deps, deployment);
};

/**
 * What the user asked for, carried on after a crash: a deploy or start comes up, an update switches,
 * a stop stops, a delete deletes. Each is a run of idempotent steps over the recorded revisions, so
 * it starts over from what the node has; one that then fails rolls back as it would have.
 */
const resumers: Partial<Record<DeploymentStatus, Resume>> = {
  pending: (deps, deployment) => void resumeStart(deps, deployment),
  scheduled: (deps, deployment) => void resumeStart(deps, deployment),
  starting: (deps, deployment) => void resumeStart(deps, deployment),
  stopping: resumeStop,
  stopped: (deps, deployment) => void resumeStart(deps, deployment),
  updating: (deps, deployment) => void resumeSwitch(deps, deployment),
  deleting: resumeDelete,
};

/** Left mid-operation: in a transitional state, or stopped by the app for a backup or restore it never finished. */
const isStranded = (deps: ReconcileDeps, deployment: Deployment) =>
  transitionalStatuses.includes(deployment.status) || (deployment.status === 'stopped' && isHeld(deps, deployment));

/** Carries on one deployment's operation; one on a node that cannot be reached waits for it to come back. */
async function reconcile(deps: ReconcileDeps, stranded: Deployment): Promise<void> {
  const { runtime } = deps;
  await runtime.withNodeLock(stranded.nodeId, async () => {
    const deployment = deps.repository.get(stranded.id);
    if (!deployment || !isStranded(deps, deployment) || runtime.hasActiveJob(deployment.id)) return;
    let docker: Docker;
    try {
      docker = await deps.ports.connections.docker(deployment.nodeId);
    } catch (error) {
      // Nothing is changed on the node's behalf while it cannot be seen: the next pass, or its reconnect, resumes.
      deps.logger.info('resume waits for the node', {
        deployment: deployment.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    deps.repository.recordChange(deployment.id, deployment.status, RESUMED_CAUSE, runtime.now());
    await resumers[deployment.status]?.(deps, deployment, docker);
  });
}

/**
 * After the app was killed mid-operation, each deployment left in a transitional state (on `nodeId`,
 * or on every node not known to be down) has its operation carried on against what its node really
 * has (found by our labels). Never left stuck, never duplicated. Returns how many were taken up.
 */
export async function reconcileAll(deps: ReconcileDeps, nodeId?: string): Promise<number> {
  const stranded = deps.repository
    .listByStatus([...transitionalStatuses, 'stopped'])
    .filter(
      (deployment) =>
        isStranded(deps, deployment) &&
        (nodeId === undefined || deployment.nodeId === nodeId) &&
        reachabilityOf(deps.ports.nodes.get(deployment.nodeId)).nodeReachable &&
        !deps.runtime.hasActiveJob(deployment.id),
    );
  for (const deployment of stranded) {
    try {
      await reconcile(deps, deployment);
    } catch (error) {
      deps.logger.warn('resume failed', {
        deployment: deployment.id,
        error: error instanceof Error ? error.message : String(error),
      });
      await deps.runtime.fail(deployment.id, error);
    }
  }
  await sweepNeverRan(deps);
  return stranded.length;
}
