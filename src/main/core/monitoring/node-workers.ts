import type { Node } from '@shared/contract/nodes';
import { createEventWatcher, type EventWatcher } from './events/event-watcher';
import type { MonitoringParts } from './monitoring-parts';
import { createNodeSampler, type NodeSampler } from './sampling/node-sampler';
import type { NewEvent } from './store/event-repository';

/** The samplers and event watchers that run, per node, and where each deployment lives. */
interface Fleet {
  parts: MonitoringParts;
  samplers: Map<string, NodeSampler>;
  watchers: Map<string, EventWatcher>;
  // Which node each deployment lives on, kept from every transition: events are recorded by its node only.
  placement: Map<string, string>;
  isStarted: boolean;
  isClosed: boolean;
}

const watchedOn = (parts: MonitoringParts, nodeId: string) =>
  parts.ports.deployments.watched().filter((d) => d.nodeId === nodeId);

function samplerFor(parts: MonitoringParts, node: Node): NodeSampler {
  const { context, ports } = parts;
  const sampler = createNodeSampler({
    nodeId: node.id,
    connections: ports.connections,
    containers: parts.containers,
    stats: parts.stats,
    collector: parts.collector,
    focus: parts.focus,
    pace: parts.pace,
    settings: parts.settings,
    deployments: () => watchedOn(parts, node.id),
    diskPath: () => ports.nodes.list().find((n) => n.id === node.id)?.resources?.dockerRootDir ?? '/',
    bus: context.events,
    afterRound: (deploymentIds) => deploymentIds.forEach((id) => parts.health.evaluate(id)),
    clock: context.clock,
    logger: context.logger,
  });
  sampler.start();
  return sampler;
}

/** After the watcher stored events: final logs of stopped containers, OOM alerts, health, the views told. */
function afterRecorded(
  fleet: Fleet,
  nodeId: string,
  deploymentIds: Set<string>,
  stopped: string[],
  recorded: NewEvent[],
): void {
  const { health, ports, context } = fleet.parts;
  fleet.samplers.get(nodeId)?.readFinalLogs(stopped);
  for (const event of recorded) {
    if (event.kind !== 'oom' || !event.deploymentId) continue;
    const name =
      ports.deployments.watched().find((d) => d.id === event.deploymentId)?.name ?? event.deploymentId;
    health.raiseOom(nodeId, event.deploymentId, name, event.service ?? 'a service');
  }
  for (const id of deploymentIds) health.evaluate(id);
  context.events.emit('monitoring:events-recorded', {
    nodeId,
    deploymentIds: [...deploymentIds],
    count: recorded.length,
  });
}

function watcherFor(fleet: Fleet, node: Node): EventWatcher {
  const { parts } = fleet;
  const { context } = parts;
  const watcher = createEventWatcher({
    nodeId: node.id,
    db: context.db,
    connections: parts.ports.connections,
    containers: parts.containers,
    events: parts.events,
    clock: context.clock,
    logger: context.logger,
    onSeen: () => parts.containers.markSeen(node.id, context.clock.now().toISOString()),
    isOurs: (deploymentId) => fleet.placement.get(deploymentId) === node.id,
    onRecorded: (deploymentIds, stopped, recorded) =>
      afterRecorded(fleet, node.id, deploymentIds, stopped, recorded),
  });
  watcher.start();
  return watcher;
}

/** One sampler per node not in maintenance, one event watcher per node with deployments to watch. */
function sync(fleet: Fleet): void {
  if (!fleet.isStarted) return;
  const { parts, samplers, watchers } = fleet;
  const nodes = parts.ports.nodes.list().filter((node) => !node.isMaintenance);
  const ids = new Set(nodes.map((node) => node.id));
  for (const [id, sampler] of samplers)
    if (!ids.has(id)) void sampler.close().then(() => samplers.delete(id));
  for (const [id, watcher] of watchers)
    if (!ids.has(id)) void watcher.close().then(() => watchers.delete(id));
  for (const node of nodes) {
    if (!samplers.has(node.id)) samplers.set(node.id, samplerFor(parts, node));
    if (!watchers.has(node.id) && watchedOn(parts, node.id).length > 0)
      watchers.set(node.id, watcherFor(fleet, node));
  }
}

/** What comes on screen is sampled at once. */
function refreshFocused(fleet: Fleet, deploymentIds: string[], nodeIds: string[]): void {
  const watched = fleet.parts.ports.deployments.watched();
  for (const id of deploymentIds) {
    const nodeId = watched.find((d) => d.id === id)?.nodeId;
    if (nodeId) void fleet.samplers.get(nodeId)?.refresh({ deploymentId: id });
  }
  for (const id of nodeIds) void fleet.samplers.get(id)?.refresh({ isNode: true });
}

/**
 * Keeps one sampler and one event watcher per node in step with `nodes:changed` and
 * `deployments:transitioned`, from `start()` (once the deployments' places are known) to `stop()`.
 */
export function createNodeWorkers(parts: MonitoringParts) {
  const bus = parts.context.events;
  const fleet: Fleet = {
    parts,
    samplers: new Map(),
    watchers: new Map(),
    placement: new Map(),
    isStarted: false,
    isClosed: false,
  };
  const offFocus = parts.focus.onFocused(({ deploymentIds, nodeIds }) =>
    refreshFocused(fleet, deploymentIds, nodeIds),
  );
  const offNodes = bus.on('nodes:changed', () => sync(fleet));
  const offDeployments = bus.on('deployments:transitioned', ({ deployment }) => {
    fleet.placement.set(deployment.id, deployment.nodeId);
    sync(fleet);
  });

  return {
    sync: () => sync(fleet),
    samplerOn: (nodeId: string): NodeSampler | undefined => fleet.samplers.get(nodeId),
    start() {
      void parts.ports.deployments.list().then((list) => {
        if (fleet.isClosed) return;
        for (const deployment of list) fleet.placement.set(deployment.id, deployment.nodeId);
        fleet.isStarted = true;
        sync(fleet);
      });
    },
    /** Hears no more changes and starts no more workers. */
    stop() {
      fleet.isClosed = true;
      fleet.isStarted = false;
      offFocus();
      offNodes();
      offDeployments();
    },
    /** Closes every watcher, then every sampler, waiting for a round in flight. */
    async drain() {
      await Promise.allSettled([...fleet.watchers.values()].map((w) => w.close()));
      await Promise.allSettled([...fleet.samplers.values()].map((s) => s.close()));
      fleet.watchers.clear();
      fleet.samplers.clear();
    },
  };
}

export type NodeWorkers = ReturnType<typeof createNodeWorkers>;
