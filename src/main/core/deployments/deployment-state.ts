import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';
import type { CoreContext } from '../core-context';
import type { DeploymentRepository } from './deployment-repository';
import type { Deployment } from './deployment-types';
import { toSummary } from './deployment-views';
import type { DeploymentPorts } from './ports';

/** A deployment as the contract summarises it: its primary service's address, its node's reachability, a newer version. */
const summarize = (repository: DeploymentRepository, ports: DeploymentPorts) => (deployment: Deployment) => {
  const primaryService = repository.currentRevision(deployment)?.template.manifest.primary?.service ?? null;
  const node = ports.nodes.get(deployment.nodeId);
  const updateAvailable =
    deployment.status === 'deleted'
      ? null
      : ports.templates.newerPublished(deployment.templateId, deployment.templateVersion);
  return toSummary(deployment, node, repository.allocationsOf(deployment.id), {
    primaryService,
    updateAvailable,
  });
};

/** `read`, asked once a key: what a list of summaries shares (the same node, the same template version). */
function remembered<V>(read: (key: string) => V): (key: string) => V {
  const seen = new Map<string, V>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, read(key));
    return seen.get(key) as V;
  };
}

/**
 * Many summaries at once, as the deployment list and the fleet view show them: each node and each
 * template version's newer release read once for the whole list, so a summary costs its own rows only.
 */
export const summarizeAll =
  (repository: DeploymentRepository, ports: DeploymentPorts) => (deployments: Deployment[]) => {
    const node = remembered((id) => ports.nodes.get(id));
    const newer = remembered((key) => {
      const [templateId = '', version = ''] = key.split('\n');
      return ports.templates.newerPublished(templateId, version);
    });
    const shared: DeploymentPorts = {
      ...ports,
      nodes: { ...ports.nodes, get: node },
      templates: { ...ports.templates, newerPublished: (id, version) => newer(`${id}\n${version}`) },
    };
    return deployments.map(summarize(repository, shared));
  };

/** A deployment that exists, or the `not_found` the caller reports. */
const loader =
  (repository: DeploymentRepository) =>
  (id: string): Deployment => {
    const deployment = repository.get(id);
    if (!deployment || deployment.status === 'deleted')
      throw new AppError('not_found', `No deployment with id ${id}.`);
    return deployment;
  };

export const INTERRUPTED = 'interrupted: the connection to the node dropped; carried on once the node is back';

/** How long a failed step waits for a dropped connection to show in its status before judging. */
const DROP_SETTLE_MS = 50;

/**
 * Whether an operation that just failed was cut off by its node's connection dropping (the
 * connection now waits to retry with the drop as its error), rather than failing on its own.
 */
async function cutOff(ports: DeploymentPorts, nodeId: string): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, DROP_SETTLE_MS));
  const { state, lastError } = ports.connections.status(nodeId);
  return lastError !== null && state !== 'ready' && state !== 'closed';
}

type Announce = (deployment: Deployment, from: DeploymentStatus | null, at: string, cause: string) => void;

/** Status changes: compare-and-swap, recorded with their cause, announced. */
function createMoves(
  repository: DeploymentRepository,
  announce: Announce,
  now: () => string,
  cutOff: (nodeId: string) => Promise<boolean>,
) {
  /** Compare-and-swap on the state the caller saw, recorded with its cause and pushed to every window. */
  const move = (
    deployment: Deployment,
    to: DeploymentStatus,
    cause: string,
    error: string | null = null,
  ): Deployment => {
    const at = now();
    const next = repository.transition(deployment.id, { from: deployment.status, to, cause, at, error });
    if (!next)
      throw new AppError(
        'conflict',
        `${deployment.name} changed while this was being done; look again and retry.`,
      );
    announce(next, deployment.status, at, cause);
    return next;
  };

  /**
   * Moves a deployment whose operation failed to `failed`, with the reason the user will read, and
   * returns true; unless the operation was cut off because the node's connection dropped: then its
   * status keeps the intent (recovery carries it on once the node is back), and this returns false.
   */
  /** After a failed step: whether it was cut off by a dropped connection, recorded in the history if so. */
  const interrupted = async (id: string): Promise<boolean> => {
    const deployment = repository.get(id);
    if (!deployment || !(await cutOff(deployment.nodeId))) return false;
    repository.recordChange(id, deployment.status, INTERRUPTED, now());
    return true;
  };

  const fail = async (id: string, error: unknown): Promise<boolean> => {
    const deployment = repository.get(id);
    if (!deployment || deployment.status === 'failed' || deployment.status === 'deleted') return true;
    if (await interrupted(id)) return false;
    move(deployment, 'failed', 'operation failed', error instanceof Error ? error.message : String(error));
    return true;
  };

  return { move, fail, interrupted };
}

/**
 * A deployment's state as every window sees it: loaded, moved by compare-and-swap with its cause,
 * and announced: `deployments:transitioned` for a change of status, `deployments:changed` for any other.
 */
export function createDeploymentState(deps: {
  context: CoreContext;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
}) {
  const { context, repository, ports } = deps;
  const now = () => context.clock.now().toISOString();

  const summaryOf = summarize(repository, ports);
  const announce = (deployment: Deployment, from: DeploymentStatus | null, at: string, cause: string) =>
    context.events.emit('deployments:transitioned', {
      deployment: summaryOf(deployment),
      from,
      to: deployment.status,
      at,
      cause,
    });

  const load = loader(repository);

  const { move, fail, interrupted } = createMoves(repository, announce, now, (nodeId) => cutOff(ports, nodeId));

  return {
    now,
    load,
    move,
    fail,
    interrupted,
    summaryOf,
    summariesOf: summarizeAll(repository, ports),
    announceCreated: (deployment: Deployment, cause: string): void =>
      announce(deployment, null, deployment.createdAt, cause),
    announceChanged: (deployment: Deployment): void =>
      context.events.emit('deployments:changed', summaryOf(deployment)),
  };
}
