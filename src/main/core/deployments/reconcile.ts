import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';
import type { Logger } from '../logger';
import { removeDeployment, stopContainers } from './apply-plan';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import { listDeploymentContainers } from './docker-engine';
import { deleteCause, finishDelete } from './lifecycle-operations';
import { transitionalStatuses } from './state-machine';
import { sweepNeverRan } from './sweep-never-ran';
import { restoreRetired } from './update-plan';

type ReconcileDeps = OperationDeps & { logger: Logger };
type Settle = (deps: ReconcileDeps, deployment: Deployment, docker: Docker) => Promise<void>;
const RECOVERED = 'recovered after the app stopped';

const failPending = (deps: ReconcileDeps, deployment: Deployment) => {
  for (const revision of deps.repository.revisions(deployment.id))
    if (revision.status === 'pending')
      deps.repository.setRevisionStatus(deployment.id, revision.revision, 'failed');
};

/** What the user reads about a deployment recovery marked failed. */
const told = {
  firstDeploy:
    'The app stopped while this was being deployed; what had been created on the node was removed. Start it to try again.',
  start: 'The app stopped while this was starting; its containers were stopped. Start it again.',
};

/** Settled as failed, with what the user reads about it. */
const failRecovered = (deps: ReconcileDeps, deployment: Deployment, message: string) =>
  void deps.runtime.move(deployment, 'failed', RECOVERED, message);

/** A first deploy that was cut off: everything it made is removed, its volumes too, since they hold nothing yet. */
async function settleFirstDeploy(deps: ReconcileDeps, deployment: Deployment, docker: Docker) {
  await removeDeployment(docker, deployment.id, null, true);
  deps.repository.releaseAllocations(deployment.id);
  failPending(deps, deployment);
  failRecovered(deps, deployment, told.firstDeploy);
}

const settleStart: Settle = async (deps, deployment, docker) => {
  const active = deps.repository.activeRevision(deployment);
  if (!active) return settleFirstDeploy(deps, deployment, docker);
  const containers = await listDeploymentContainers(docker, deployment.id);
  if (containers.length > 0 && containers.every((c) => c.State === 'running')) {
    deps.runtime.move(deployment, 'running', `${RECOVERED}: all containers running`);
    return;
  }
  await stopContainers(docker, await deps.runtime.planFor(deployment, active), new AbortController().signal);
  failRecovered(deps, deployment, told.start);
};

const settleStop: Settle = async (deps, deployment, docker) => {
  const active = deps.repository.activeRevision(deployment);
  if (active)
    await stopContainers(
      docker,
      await deps.runtime.planFor(deployment, active),
      new AbortController().signal,
    );
  deps.runtime.move(deployment, 'stopped', `${RECOVERED}: stop finished`);
};

const settleUpdate: Settle = async (deps, deployment, docker) => {
  const active = deps.repository.activeRevision(deployment);
  if (!active) throw new AppError('internal', `${deployment.name} was updating without an active revision.`);
  await restoreRetired(docker, await deps.runtime.planFor(deployment, active));
  failPending(deps, deployment);
  const containers = await listDeploymentContainers(docker, deployment.id);
  deps.runtime.move(
    deployment,
    containers.some((c) => c.State === 'running') ? 'running' : 'stopped',
    RECOVERED,
    'The app stopped during an update; the previous revision was kept.',
  );
};

const settleDelete: Settle = async (deps, deployment, docker) => {
  const deleteData = deps.repository.transitions(deployment.id, 1)[0]?.cause === deleteCause(true);
  const active = deps.repository.activeRevision(deployment);
  // A revision that no longer renders is deleted by its labels alone.
  const plan = active ? await deps.runtime.planFor(deployment, active).catch(() => null) : null;
  await removeDeployment(docker, deployment.id, plan, deleteData);
  await finishDelete(deps, deployment);
};

/** How each transitional state is finished after a crash. */
const settlers: Partial<Record<DeploymentStatus, Settle>> = {
  pending: settleStart,
  scheduled: settleStart,
  starting: settleStart,
  stopping: settleStop,
  updating: settleUpdate,
  deleting: settleDelete,
};

async function reconcile(deps: ReconcileDeps, stranded: Deployment): Promise<void> {
  const { runtime } = deps;
  await runtime.withNodeLock(stranded.nodeId, async () => {
    const deployment = deps.repository.get(stranded.id);
    if (
      !deployment ||
      !transitionalStatuses.includes(deployment.status) ||
      runtime.hasActiveJob(deployment.id)
    )
      return;
    let docker: Docker;
    try {
      docker = await deps.ports.connections.docker(deployment.nodeId);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      runtime.move(
        deployment,
        'failed',
        'recovery could not reach the node',
        `The app stopped during an operation and the node cannot be reached to finish it (${reason}). Start or delete it once the node is back.`,
      );
      return;
    }
    await settlers[deployment.status]?.(deps, deployment, docker);
  });
}

/**
 * After the app was killed mid-operation, each deployment left in a transitional state is settled
 * against what its node really has (found by our labels): finished, rolled back, or marked failed.
 * Never left stuck, never duplicated. Returns how many were settled.
 */
export async function reconcileAll(deps: ReconcileDeps): Promise<number> {
  const stranded = deps.repository
    .listByStatus(transitionalStatuses)
    .filter((deployment) => !deps.runtime.hasActiveJob(deployment.id));
  for (const deployment of stranded) {
    try {
      await reconcile(deps, deployment);
    } catch (error) {
      deps.logger.warn('reconcile failed', {
        deployment: deployment.id,
        error: error instanceof Error ? error.message : String(error),
      });
      deps.runtime.fail(deployment.id, error);
    }
  }
  await sweepNeverRan(deps);
  return stranded.length;
}
