import type { NormalizedCompose } from '@shared/contract/template-model';
import { portRequests } from './build-plan';
import type { DeploymentRepository } from './deployment-repository';
import type { Deployment } from './deployment-types';
import { allocatePorts, parseListeningPorts, type PortGrant } from './port-allocator';
import type { DeploymentPorts } from './ports';

/** Host ports the node's listening sockets already hold: read from /proc, since no CLI may be installed. */
async function listeningPorts(
  connections: DeploymentPorts['connections'],
  nodeId: string,
  signal: AbortSignal,
): Promise<Set<number>> {
  try {
    const result = await connections.exec(nodeId, 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null', { signal });
    return parseListeningPorts(result.stdout);
  } catch {
    // A node that cannot list its sockets still gets ports: Docker refuses a taken one on start,
    // and that refusal says which port to free.
    return new Set();
  }
}

/**
 * The host ports a deployment gets for a rendered compose, on a first deploy and on every update:
 * never one another deployment on the node holds, nor one another program listens on; each service
 * keeps the port it held before, else gets the compose file's choice when that is free.
 * `alongside`: the new revision runs next to the current one for a while, so it gets ports of its own.
 * `avoid`: ports a start found taken since they were chosen.
 */
export async function allocateHostPorts(
  deps: { repository: DeploymentRepository; ports: DeploymentPorts },
  deployment: Deployment,
  compose: NormalizedCompose,
  signal: AbortSignal,
  { alongside = false, avoid = new Set() }: { alongside?: boolean; avoid?: ReadonlySet<number> } = {},
): Promise<PortGrant[]> {
  const onNode = deps.repository.allocationsOnNode(deployment.nodeId);
  const own = alongside ? [] : onNode.filter((held) => held.deploymentId === deployment.id && !avoid.has(held.hostPort));
  const reserved = new Set(
    onNode
      .filter((held) => alongside || held.deploymentId !== deployment.id)
      .map((held) => `${held.hostPort}/${held.protocol}`),
  );
  const listening = await listeningPorts(deps.ports.connections, deployment.nodeId, signal);
  // Ports this deployment holds may be listening now (its own containers); any other listener is in the way.
  for (const held of own) listening.delete(held.hostPort);
  // Ports a start just found taken (another program bound them after they were chosen) count as listening.
  for (const port of avoid) listening.add(port);
  const requests = portRequests(compose).map((request) => ({
    ...request,
    preferred:
      own.find((held) => held.service === request.service && held.containerPort === request.containerPort)
        ?.hostPort ?? request.preferred,
  }));
  return allocatePorts(requests, { reserved, listening });
}
