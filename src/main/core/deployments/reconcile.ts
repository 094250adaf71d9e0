import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import type { Logger } from '../logger';
import { removeDeployment, stopContainers } from './apply-plan';
import type { DeploymentRepository, DeploymentRow } from './deployment-repository';
import type { DeploymentRuntime } from './deployment-runtime';
import { labels } from './compose-labels';
import { listDeploymentContainers } from './docker-engine';
import { deleteCause, type LifecycleOperations } from './lifecycle-operations';
import type { DeploymentPorts } from './ports';
import { transitionalStatuses } from './state-machine';
import { restoreRetired } from './update-plan';

/**
 * After the app was killed mid-operation, each deployment left in a transitional state is settled
 * against what its node really has (found by our labels): finished, rolled back, or marked failed.
 * Never left stuck, never duplicated.
 */
export function createReconciler(deps: {
  runtime: DeploymentRuntime;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  lifecycle: LifecycleOperations;
  logger: Logger;
}) {
  const { runtime, repository } = deps;

  async function settle(row: DeploymentRow, docker: Docker): Promise<void> {
    const active =
      row.current_revision === null ? undefined : repository.revision(row.id, row.current_revision);
    const signal = new AbortController().signal;
    switch (row.status) {
      case 'pending':
      case 'scheduled':
      case 'starting': {
        if (!active) {
          // A first deploy that was cut off: everything it made is removed, its volumes too, since they hold nothing yet.
          await removeDeployment(docker, row.id, null, true);
          repository.releasePorts(row.id);
          for (const revision of repository.revisions(row.id))
            if (revision.status === 'pending')
              repository.setRevisionStatus(row.id, revision.revision, 'failed');
          runtime.move(
            row,
            'failed',
            'recovered after the app stopped',
            'The app stopped while this was being deployed; what had been created on the node was removed. Start it to try again.',
          );
          return;
        }
        const containers = await listDeploymentContainers(docker, row.id);
        if (containers.length > 0 && containers.every((c) => c.State === 'running')) {
          runtime.move(row, 'running', 'recovered after the app stopped: all containers running');
          return;
        }
        await stopContainers(docker, await runtime.planFor(row, active), signal);
        runtime.move(
          row,
          'failed',
          'recovered after the app stopped',
          'The app stopped while this was starting; its containers were stopped. Start it again.',
        );
        return;
      }
      case 'stopping': {
        if (active) await stopContainers(docker, await runtime.planFor(row, active), signal);
        runtime.move(row, 'stopped', 'recovered after the app stopped: stop finished');
        return;
      }
      case 'updating': {
        if (!active) throw new AppError('internal', `${row.name} was updating without an active revision.`);
        const plan = await runtime.planFor(row, active);
        await restoreRetired(docker, plan);
        for (const revision of repository.revisions(row.id))
          if (revision.status === 'pending')
            repository.setRevisionStatus(row.id, revision.revision, 'failed');
        const containers = await listDeploymentContainers(docker, row.id);
        const isRunning = containers.some((c) => c.State === 'running');
        runtime.move(
          row,
          isRunning ? 'running' : 'stopped',
          'recovered after the app stopped',
          'The app stopped during an update; the previous revision was kept.',
        );
        return;
      }
      case 'deleting': {
        const transition = repository.transitions(row.id, 1)[0];
        const deleteData = transition?.cause === deleteCause(true);
        await removeDeployment(
          docker,
          row.id,
          active ? await runtime.planFor(row, active).catch(() => null) : null,
          deleteData,
        );
        await deps.lifecycle.finishDelete(row);
        return;
      }
      default:
        return;
    }
  }

  async function reconcile(row: DeploymentRow): Promise<void> {
    await runtime.withNodeLock(row.node_id, async () => {
      const current = repository.get(row.id);
      if (!current || !transitionalStatuses.includes(current.status) || runtime.hasActiveJob(row.id)) return;
      let docker: Docker;
      try {
        docker = await deps.ports.connections.docker(current.node_id);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        runtime.move(
          current,
          'failed',
          'recovery could not reach the node',
          `The app stopped during an operation and the node cannot be reached to finish it (${reason}). Start or delete it once the node is back.`,
        );
        return;
      }
      await settle(current, docker);
    });
  }

  /**
   * A deployment that failed before it ever ran owns nothing on its node. Docker finishes a create
   * request even after the app that sent it was killed, so a container can appear after the first
   * recovery removed everything; each later pass removes such late arrivals. One listing per node.
   */
  const isReachable = (nodeId: string) =>
    ['online', 'degraded'].includes(deps.ports.nodes.get(nodeId)?.status ?? '');

  async function sweepNeverRan(): Promise<void> {
    const byNode = new Map<string, Set<string>>();
    for (const row of repository.listByStatus(['failed']))
      if (row.current_revision === null && !runtime.hasActiveJob(row.id) && isReachable(row.node_id))
        byNode.set(row.node_id, (byNode.get(row.node_id) ?? new Set()).add(row.id));
    for (const [nodeId, ids] of byNode) {
      try {
        await runtime.withNodeLock(nodeId, async () => {
          const docker = await deps.ports.connections.docker(nodeId);
          const owners = new Set(
            (await docker.listContainers({ all: true, filters: { label: [labels.managed] } })).map(
              (c) => c.Labels[labels.deployment] ?? '',
            ),
          );
          for (const id of ids)
            if (owners.has(id) && repository.get(id)?.status === 'failed' && !runtime.hasActiveJob(id))
              await removeDeployment(docker, id, null, true);
        });
      } catch (error) {
        deps.logger.warn('sweep of failed deployments skipped a node', {
          node: nodeId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  return {
    /** Settles every deployment no operation of this process is working on. */
    async reconcileAll(): Promise<number> {
      const stranded = repository
        .listByStatus(transitionalStatuses)
        .filter((row) => !runtime.hasActiveJob(row.id));
      for (const row of stranded) {
        try {
          await reconcile(row);
        } catch (error) {
          deps.logger.warn('reconcile failed', {
            deployment: row.id,
            error: error instanceof Error ? error.message : String(error),
          });
          runtime.fail(row.id, error);
        }
      }
      await sweepNeverRan();
      return stranded.length;
    },
  };
}
