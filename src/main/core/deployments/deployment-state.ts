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

/** A deployment that exists, or the `not_found` the caller reports. */
const loader =
  (repository: DeploymentRepository) =>
  (id: string): Deployment => {
    const deployment = repository.get(id);
    if (!deployment || deployment.status === 'deleted')
      throw new AppError('not_found', `No deployment with id ${id}.`);
    return deployment;
  };

type Announce = (deployment: Deployment, from: DeploymentStatus | null, at: string, cause: string) => void;

/** Status changes: compare-and-swap, recorded with their cause, announced. */
function createMoves(repository: DeploymentRepository, announce: Announce, now: () => string) {
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

  /** Moves a deployment whose operation failed to `failed`, with the reason the user will read. */
  const fail = (id: string, error: unknown): void => {
    const deployment = repository.get(id);
    const message = error instanceof Error ? error.message : String(error);
    if (deployment && deployment.status !== 'failed' && deployment.status !== 'deleted')
      move(deployment, 'failed', 'operation failed', message);
  };

  return { move, fail };
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

  const { move, fail } = createMoves(repository, announce, now);

  return {
    now,
    load,
    move,
    fail,
    summaryOf,
    announceCreated: (deployment: Deployment, cause: string): void =>
      announce(deployment, null, deployment.createdAt, cause),
    announceChanged: (deployment: Deployment): void =>
      context.events.emit('deployments:changed', summaryOf(deployment)),
  };
}
