import type Docker from 'dockerode';
import type { TerminalTarget } from '@shared/contract/terminal';
import { AppError } from '@shared/result';
import { labels, type ConsoleTarget } from '../deployments';

export interface FoundContainer {
  nodeId: string;
  id: string;
  name: string;
}

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

/** A deployment's container for one service: the running one when an update left two. */
async function serviceContainer(docker: Docker, deployment: ConsoleTarget, service: string) {
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`${labels.deployment}=${deployment.id}`, `${labels.service}=${service}`] },
  });
  const container = listed.find((c) => c.State === 'running') ?? listed[0];
  if (!container)
    throw new AppError(
      'not_found',
      `${deployment.name} has no container for the service "${service}" on its node. Deploy or start it first.`,
      { field: 'service' },
    );
  const name = (container.Names[0] ?? container.Id).replace(/^\//, '');
  if (container.State !== 'running')
    throw new AppError(
      'conflict',
      `The ${service} container of ${deployment.name} is stopped (${container.State}). Start the deployment with Start on its page, then open the terminal again.`,
    );
  return { nodeId: deployment.nodeId, id: container.Id, name };
}

/** Any container on the node by id or name, the app's own or not. */
async function nodeContainer(docker: Docker, nodeId: string, containerId: string): Promise<FoundContainer> {
  try {
    const state = await docker.getContainer(containerId).inspect();
    const name = state.Name.replace(/^\//, '');
    if (!state.State.Running)
      throw new AppError(
        'conflict',
        `The container ${name} is stopped (${state.State.Status}). Start it (docker start ${name} on the node), then open the terminal again.`,
      );
    return { nodeId, id: state.Id, name };
  } catch (error) {
    if (statusOf(error) === 404)
      throw new AppError('not_found', `There is no container ${containerId} on this node; it may have been removed.`);
    throw error;
  }
}

/** The running container a terminal opens in; a stopped one is refused, saying how to start it. */
export async function findContainer(
  target: TerminalTarget,
  ports: { deployment: (id: string) => ConsoleTarget | null; docker: (nodeId: string) => Promise<Docker> },
): Promise<FoundContainer> {
  if ('containerId' in target) return nodeContainer(await ports.docker(target.nodeId), target.nodeId, target.containerId);
  const deployment = ports.deployment(target.deploymentId);
  if (!deployment) throw new AppError('not_found', `No deployment with id ${target.deploymentId}.`);
  return serviceContainer(await ports.docker(deployment.nodeId), deployment, target.service);
}
