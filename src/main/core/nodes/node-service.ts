import { randomUUID } from 'node:crypto';
import type { Node, NodeDeployment, NodeEvent } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import type { Clock } from '../clock';
import type { EventBus } from '../events/event-bus';
import type { KeyService } from '../keys';
import type { NodeConnections } from '../ssh/node-connections';
import type { NodeDefinition, NodeRepository } from './node-repository';

export interface NodeServiceDeps {
  repository: NodeRepository;
  keys: KeyService;
  connections: NodeConnections;
  events: EventBus;
  clock: Clock;
  /** The deployments living on a node, from the deployments feature; a node with any cannot be removed. */
  deploymentsOnNode: (nodeId: string) => NodeDeployment[];
}

export type NodeInput = Omit<NodeDefinition, 'kind'>;

export function createNodeService(deps: NodeServiceDeps) {
  const { repository, events } = deps;
  const now = () => deps.clock.now().toISOString();

  const find = (id: string): Node => {
    const node = repository.get(id);
    if (!node) throw new AppError('not_found', 'That node no longer exists.');
    return node;
  };

  const publish = (id: string) => events.emit('nodes:changed', { id, node: repository.get(id) });
  const publishEvent = (event: NodeEvent | null) => {
    if (event) events.emit('nodes:status-changed', event);
  };

  return {
    find,
    publish,
    publishEvent,
    list: () => repository.list(),
    events: (id: string, limit: number) => {
      find(id);
      return repository.events(id, limit);
    },
    deployments: (id: string) => {
      find(id);
      return deps.deploymentsOnNode(id);
    },

    scanHostKey: async (host: string, port: number, jumpNodeId: string | null) => ({
      host,
      port,
      ...(await deps.connections.scanHostKey(host, port, jumpNodeId)),
    }),

    ...createNodeChanges(deps, { find, publish, publishEvent, now }),
  };
}

export type NodeService = ReturnType<typeof createNodeService>;

interface NodeChangeTools {
  find: (id: string) => Node;
  publish: (id: string) => void;
  publishEvent: (event: NodeEvent | null) => void;
  now: () => string;
}

/** Adding, editing, pausing and removing nodes: each change is stored, then published. */
function createNodeChanges(deps: NodeServiceDeps, tools: NodeChangeTools) {
  const { repository } = deps;
  const { find, publish, publishEvent, now } = tools;
  return {
    add(input: NodeInput): Node {
      validateNode(deps, null, input);
      const id = `node_${randomUUID()}`;
      repository.insert(id, { ...input, kind: 'ssh' }, now());
      publish(id);
      return find(id);
    },

    update(id: string, patch: Partial<NodeInput>): Node {
      const current = find(id);
      if (current.kind === 'local') refuseLocalChange(patch);
      const next: NodeDefinition = { ...current, ...patch };
      // A different address may be a different server: its key must be seen and trusted again.
      if (next.host !== current.host || next.port !== current.port) next.hostKeyFingerprint = null;
      if (current.kind === 'ssh') validateNode(deps, id, next);
      repository.update(id, next, now());
      deps.connections.reset(id);
      publish(id);
      return find(id);
    },

    /** The socket the engine was found on: stored as if typed, without dropping the connection. */
    useDockerSocket(id: string, dockerSocket: string): Node {
      const current = find(id);
      repository.update(id, { ...current, dockerSocket }, now());
      publish(id);
      return find(id);
    },

    pinHostKey(id: string, fingerprint: string): Node {
      const current = find(id);
      if (current.kind === 'local') throw new AppError('invalid_input', 'This computer has no host key.');
      repository.update(id, { ...current, hostKeyFingerprint: fingerprint }, now());
      deps.connections.reset(id);
      publish(id);
      return find(id);
    },

    setMaintenance(id: string, isMaintenance: boolean): Node {
      find(id);
      publishEvent(repository.setMaintenance(id, isMaintenance, now()));
      publish(id);
      return find(id);
    },

    remove(id: string): { id: string } {
      const node = find(id);
      refuseRemoval(deps, node);
      deps.connections.reset(id);
      repository.remove(id);
      publish(id);
      return { id };
    },
  };
}

function validateNode(deps: NodeServiceDeps, id: string | null, input: NodeInput): void {
  if (input.auth === 'key') {
    if (!input.keyId)
      throw new AppError('invalid_input', 'Choose the key to log in with, or use your ssh-agent.', {
        field: 'keyId',
      });
    if (!deps.keys.list().some((key) => key.id === input.keyId))
      throw new AppError('invalid_input', 'That key no longer exists.', { field: 'keyId' });
  }
  let hop = input.jumpNodeId;
  for (let depth = 0; hop; depth += 1) {
    const jump = deps.repository.get(hop);
    if (!jump)
      throw new AppError('invalid_input', 'The jump host no longer exists.', { field: 'jumpNodeId' });
    if (jump.kind === 'local')
      throw new AppError('invalid_input', 'This computer cannot be a jump host; choose an SSH node.', {
        field: 'jumpNodeId',
      });
    if (jump.id === id || depth > 4)
      throw new AppError('invalid_input', 'A node cannot reach itself through its jump hosts.', {
        field: 'jumpNodeId',
      });
    hop = jump.jumpNodeId;
  }
}

function refuseLocalChange(patch: Partial<NodeInput>): void {
  if (
    Object.keys(patch).some((field) => !['name', 'tags', 'monthlyCostCents', 'dockerSocket'].includes(field))
  ) {
    throw new AppError(
      'invalid_input',
      'This computer is reached without SSH: only its name, tags, cost and Docker socket can change.',
    );
  }
}

/** A node that still runs deployments, or that other nodes jump through, stays. */
function refuseRemoval(deps: NodeServiceDeps, node: Node): void {
  const deployments = deps.deploymentsOnNode(node.id).length;
  if (deployments > 0) {
    throw new AppError(
      'conflict',
      `${node.name} still runs ${deployments} deployment${deployments === 1 ? '' : 's'}. Delete or move ${deployments === 1 ? 'it' : 'them'} first.`,
    );
  }
  const dependents = deps.repository.jumpUsers(node.id);
  if (dependents.length > 0) {
    throw new AppError(
      'conflict',
      `${node.name} is the jump host of ${dependents.map((n) => n.name).join(', ')}. Change their jump host first.`,
    );
  }
}
