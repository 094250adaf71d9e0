import type { ParsedInput } from '@shared/contract';
import type { Node, NodeDeployment, NodeTest } from '@shared/contract/nodes';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { KeyService } from '../keys';
import { createNodeConnections, type NodeConnections } from '../ssh/node-connections';
import type { SshTimings } from '../ssh/ssh-connect';
import { createDockerLocator } from './docker-locator';
import { offerLocalNode } from './local-node';
import { createNodeHealth, type NodeHealth } from './node-health';
import { createNodeRepository, type NodeRepository } from './node-repository';
import { createNodeService, type NodeService } from './node-service';
import { createNodePreparer, type NodePreparer } from './prepare/node-preparer';
import { createTargetResolver } from './node-target';
import { readSshConfigHosts } from './ssh-config-hosts';

export interface NodesFeatureOptions {
  keys: KeyService;
  /** What runs on a node, from the deployments feature: shown on its page; a node with any cannot be removed. */
  deploymentsOnNode: (nodeId: string) => NodeDeployment[];
  /** "This computer" is offered when a Docker engine answers here. */
  localDockerSocket: string;
  sshConfigPath: string;
  agentSocket: () => string | undefined;
  timings?: SshTimings;
  checkTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
}

export const NODE_HEALTH_WORKER = 'node-health';

type NodeAddInput = ParsedInput<'nodes:add'>;

export function createNodesFeature(
  context: CoreContext,
  options: NodesFeatureOptions,
): Feature<MethodsOf<'nodes'>> & {
  connections: NodeConnections;
  listNodes: () => Node[];
  /** What `nodes:add` does, for the cloud feature's servers: stored with the given key pinned, then tested. */
  addNode: (input: NodeAddInput) => Promise<{ node: Node; test: NodeTest }>;
  removeNode: (id: string) => void;
  /** What `nodes:test` does: the node checked again, its status following. */
  checkNode: (id: string) => Promise<NodeTest>;
} {
  const repository = createNodeRepository(context.db, context.clock.now().toISOString());
  const connections = createNodeConnections({
    resolveTarget: createTargetResolver({ repository, keys: options.keys, agentSocket: options.agentSocket }),
    logger: context.logger,
    timings: options.timings,
    backoff: options.backoff,
  });
  const service = createNodeService({
    repository,
    keys: options.keys,
    connections,
    events: context.events,
    clock: context.clock,
    deploymentsOnNode: options.deploymentsOnNode,
  });
  const checkTimeoutMs = options.checkTimeoutMs ?? 20_000;
  const health = createNodeHealth({ repository, service, connections, clock: context.clock, logger: context.logger, checkTimeoutMs });
  const findAndCheck = createFindAndCheck({ connections, service, health, checkTimeoutMs });
  const { inBackground, settled } = createBackground(context.logger);
  const addNode = async (input: NodeAddInput) => {
    const node = service.add(input);
    const test = await findAndCheck(node.id);
    return { node: service.find(node.id), test };
  };
  const preparer = createNodePreparer({ ...context, connections, findNode: service.find, retest: findAndCheck });

  return {
    connections,
    listNodes: () => service.list(),
    addNode,
    removeNode: (id) => void service.remove(id),
    checkNode: findAndCheck,
    workers: [healthWorker(context, health)],
    handlers: createNodeHandlers({ service, health, findAndCheck, addNode, inBackground, preparer, options }),
    start() {
      inBackground(
        'offering this computer as a node',
        offerThisComputer(context, { repository, service, health }, options),
      );
    },
    async close() {
      await settled();
      await health.close();
      await connections.close();
    },
  };
}

/** The periodic sweep of every node's health, at the interval the settings give. */
function healthWorker(context: CoreContext, health: NodeHealth) {
  return {
    name: NODE_HEALTH_WORKER,
    intervalSeconds: () => context.settings.get().workers.nodeHealthSeconds,
    run: async (signal: AbortSignal) => {
      await health.sweep(signal);
    },
  };
}

/** What the user asks for (add, test, edit): the engine looked for when its socket was left to find, then a full check. */
function createFindAndCheck(parts: {
  connections: NodeConnections;
  service: NodeService;
  health: NodeHealth;
  checkTimeoutMs: number;
}): (id: string) => Promise<NodeTest> {
  const { health, checkTimeoutMs } = parts;
  const locator = createDockerLocator({ ...parts, pingTimeoutMs: Math.min(3000, checkTimeoutMs) });
  return async (id) => {
    const dockerProbe = await locator.locate(id, AbortSignal.timeout(checkTimeoutMs));
    // A check already under way answers for the socket as it was: this one must carry the probe.
    if (dockerProbe) health.invalidate(id);
    return health.check(id, true, undefined, dockerProbe);
  };
}

type InBackground = (what: string, work: Promise<unknown>) => void;

/** Work nobody awaits (checks after an edit, the local node offer): its failure is logged, and close waits for it. */
function createBackground(logger: CoreContext['logger']) {
  const background = new Set<Promise<unknown>>();
  const inBackground: InBackground = (what, work) => {
    const tracked = work
      .catch((error: unknown) =>
        logger.warn(`${what} failed`, { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => background.delete(tracked));
    background.add(tracked);
  };
  return { inBackground, settled: () => Promise.allSettled([...background]) };
}

function createNodeHandlers(parts: {
  service: NodeService;
  health: NodeHealth;
  findAndCheck: (id: string) => Promise<NodeTest>;
  addNode: (input: NodeAddInput) => Promise<{ node: Node; test: NodeTest }>;
  inBackground: InBackground;
  preparer: NodePreparer;
  options: NodesFeatureOptions;
}): Feature<MethodsOf<'nodes'>>['handlers'] {
  const { service, health, findAndCheck, addNode, inBackground, preparer, options } = parts;
  return {
    'nodes:list': () => service.list(),
    'nodes:get': ({ id }) => service.find(id),
    'nodes:scan-host-key': ({ host, port, jumpNodeId }) => service.scanHostKey(host, port, jumpNodeId),
    'nodes:add': (input) => addNode(input),
    'nodes:update': ({ id, ...patch }) => {
      const node = service.update(id, patch);
      health.invalidate(id);
      inBackground('node check after edit', findAndCheck(id));
      return node;
    },
    'nodes:pin-host-key': ({ id, fingerprint }) => {
      const node = service.pinHostKey(id, fingerprint);
      health.invalidate(id);
      inBackground('node check after re-pin', health.check(id, true));
      return node;
    },
    'nodes:test': ({ id }) => findAndCheck(id),
    'nodes:set-maintenance': ({ id, isMaintenance }) => {
      const node = service.setMaintenance(id, isMaintenance);
      if (!isMaintenance) inBackground('node check after maintenance', health.check(id, true));
      return node;
    },
    'nodes:remove': ({ id }) => service.remove(id),
    'nodes:events': ({ id, limit }) => service.events(id, limit),
    'nodes:deployments': ({ id }) => service.deployments(id),
    'nodes:check-all': () => health.sweep(),
    'nodes:ssh-config-hosts': () => readSshConfigHosts(options.sshConfigPath, options.keys, service.list()),
    'nodes:prepare-plan': ({ id }) => preparer.plan(id),
    'nodes:prepare': ({ id }) => preparer.start(id),
    'nodes:prepare-log': ({ id }) => preparer.log(id),
  };
}

/** Offers "this computer" once a local Docker engine answers, then checks it. */
async function offerThisComputer(
  context: CoreContext,
  parts: { repository: NodeRepository; service: NodeService; health: NodeHealth },
  options: NodesFeatureOptions,
): Promise<void> {
  const id = await offerLocalNode({
    repository: parts.repository,
    socketPath: options.localDockerSocket,
    now: () => context.clock.now().toISOString(),
  });
  if (id) {
    parts.service.publish(id);
    await parts.health.check(id, true);
  }
}
