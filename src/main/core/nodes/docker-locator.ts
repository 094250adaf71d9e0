import type { DockerProbe } from '@shared/contract/nodes';
import type { NodeConnections } from '../ssh/node-connections';
import {
  chooseSocket,
  isSocketLeftToFind,
  parseProbeEnvironment,
  probeEnvironmentCommand,
  socketCandidates,
} from './docker-socket-probe';
import type { NodeService } from './node-service';

export interface DockerLocatorDeps {
  connections: Pick<NodeConnections, 'connect' | 'exec' | 'pingDockerAt'>;
  service: Pick<NodeService, 'find' | 'useDockerSocket'>;
  /** How long one candidate socket may take to answer /_ping. */
  pingTimeoutMs: number;
}

/**
 * Finds a node's engine when its socket was left at the default: asks the login shell for
 * DOCKER_HOST and the runtime folder, pings every candidate at once over the node's connection,
 * keeps the first in order that answered, and stores it as the node's socket.
 */
export function createDockerLocator(deps: DockerLocatorDeps) {
  return {
    /** Null when there was nothing to look for (a socket the user gave) or no way to look (SSH failed). */
    async locate(nodeId: string, signal: AbortSignal): Promise<DockerProbe | null> {
      const node = deps.service.find(nodeId);
      if (!isSocketLeftToFind(node.dockerSocket)) return null;
      let output: string;
      try {
        await deps.connections.connect(nodeId, { force: true });
        output = (await deps.connections.exec(nodeId, probeEnvironmentCommand, { signal })).stdout;
      } catch {
        // The node cannot be reached or logged in to: the test that follows names that failure in its
        // own step, which is more use to the user than "could not look for Docker".
        return null;
      }
      const env = parseProbeEnvironment(output);
      const candidates = socketCandidates(env);
      const answers = await Promise.all(
        candidates.map((candidate) =>
          deps.connections.pingDockerAt(nodeId, candidate.path, deps.pingTimeoutMs),
        ),
      );
      const answered = new Set(
        candidates.filter((_, index) => answers[index]).map((candidate) => candidate.path),
      );
      const probe = chooseSocket(candidates, answered, env);
      if (probe.chosen && probe.chosen.path !== node.dockerSocket)
        deps.service.useDockerSocket(nodeId, probe.chosen.path);
      return probe;
    },
  };
}

export type DockerLocator = ReturnType<typeof createDockerLocator>;
