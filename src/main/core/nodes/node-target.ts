import { AppError } from '@shared/result';
import type { KeyService } from '../keys';
import type { NodeTarget } from '../ssh/node-connections';
import type { NodeRepository } from './node-repository';

/** How to reach a node right now: read from the database and the secret store on every dial. */
export function createTargetResolver(deps: { repository: NodeRepository; keys: KeyService; agentSocket: () => string | undefined }) {
  return async (nodeId: string): Promise<NodeTarget> => {
    const node = deps.repository.get(nodeId);
    if (!node) throw new AppError('not_found', 'That node no longer exists.');
    if (node.kind === 'local') return { kind: 'local', name: node.name, dockerSocket: node.dockerSocket };
    let auth: { type: 'key'; key: Awaited<ReturnType<KeyService['parsedKey']>> } | { type: 'agent'; socket: string };
    if (node.auth === 'agent') {
      const socket = deps.agentSocket();
      if (!socket) {
        throw new AppError('auth_failed', `${node.name} logs in with your ssh-agent, but none is running for this app (SSH_AUTH_SOCK is not set). Start one and ssh-add your key, or choose a stored key.`);
      }
      auth = { type: 'agent', socket };
    } else {
      if (!node.keyId) throw new AppError('auth_failed', `${node.name} has no key to log in with. Edit the node and choose one.`);
      auth = { type: 'key', key: await deps.keys.parsedKey(node.keyId) };
    }
    return {
      kind: 'ssh',
      name: node.name,
      jumpNodeId: node.jumpNodeId,
      dockerSocket: node.dockerSocket,
      ssh: { host: node.host, port: node.port, user: node.user, auth, pinnedFingerprint: node.hostKeyFingerprint },
    };
  };
}
