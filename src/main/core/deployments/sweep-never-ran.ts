import type { Logger } from '../logger';
import { removeDeployment } from './apply-plan';
import { labels } from './compose-labels';
import type { OperationDeps } from './deployment-runtime';
import { reachabilityOf } from './reachability';

/**
 * Failed deployments that never ran, by node, on nodes not known to be down (the one reachability
 * rule: right after a start a node not checked yet is tried too).
 */
function neverRanByNode(deps: OperationDeps): Map<string, Set<string>> {
  const isReachable = (nodeId: string) => reachabilityOf(deps.ports.nodes.get(nodeId)).nodeReachable;
  const byNode = new Map<string, Set<string>>();
  for (const deployment of deps.repository.listByStatus(['failed']))
    if (
      deployment.currentRevision === null &&
      !deps.runtime.hasActiveJob(deployment.id) &&
      isReachable(deployment.nodeId)
    )
      byNode.set(deployment.nodeId, (byNode.get(deployment.nodeId) ?? new Set()).add(deployment.id));
  return byNode;
}

/**
 * A deployment that failed before it ever ran owns nothing on its node. Docker finishes a create
 * request even after the app that sent it was killed, so a container can appear after the first
 * recovery removed everything; each later pass removes such late arrivals. One listing per node.
 */
export async function sweepNeverRan(deps: OperationDeps & { logger: Logger }): Promise<void> {
  const { runtime, repository } = deps;
  for (const [nodeId, ids] of neverRanByNode(deps)) {
    try {
      await runtime.withNodeLock(nodeId, async () => {
        const docker = await deps.ports.connections.docker(nodeId);
        const containers = await docker.listContainers({ all: true, filters: { label: [labels.managed] } });
        const owners = new Set(containers.map((c) => c.Labels[labels.deployment] ?? ''));
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
