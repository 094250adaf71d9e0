import { setTimeout as delay } from 'node:timers/promises';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { NodeConnections } from '../ssh/node-connections';
import { createEventWatcher, type EventWatcher } from './events/event-watcher';
import { createHealthMonitor, type HealthPorts } from './health/health-monitor';
import { createLogCollector } from './logs/log-collector';
import { createMonitoringViews } from './monitoring-views';
import { runRetention } from './retention';
import { createFocus, FOCUS_LEASE_SECONDS } from './sampling/focus';
import { createNodeSampler, type NodeSampler } from './sampling/node-sampler';
import { createContainerRepository } from './store/container-repository';
import { createEventRepository } from './store/event-repository';
import { createLogRepository, trimLogs } from './store/log-repository';
import { createStatsRepository } from './store/stats-repository';

export const MONITORING_RETENTION_WORKER = 'monitoring-retention';
const REFRESH_WAIT_MS = 1500;

export interface MonitoringPorts {
  connections: NodeConnections;
  nodes: { list: () => Node[] };
  deployments: HealthPorts & { list: () => Promise<DeploymentSummary[]> };
}

/**
 * Monitoring: a Docker event watcher and a sampler per node feed the local store; every screen
 * answers from that store, so it opens at once, also with the node unreachable.
 */
export function createMonitoringFeature(
  context: CoreContext,
  ports: MonitoringPorts,
): Feature<MethodsOf<'monitoring'> | MethodsOf<'alerts'>> {
  const { db, clock, logger, events: bus } = context;
  const settings = () => context.settings.get().monitoring;
  const containers = createContainerRepository(db);
  const logs = createLogRepository(db);
  const stats = createStatsRepository(db);
  const events = createEventRepository(db);
  const focus = createFocus(clock);
  const nodeName = (nodeId: string) => ports.nodes.list().find((n) => n.id === nodeId)?.name ?? nodeId;
  const health = createHealthMonitor({ ports: ports.deployments, containers, events, bus, clock, nodeName });
  const collector = createLogCollector({
    db,
    logs,
    containers,
    clock,
    limits: () => ({
      maxBytes: settings().logMegabytesPerDeployment * 1024 * 1024,
      maxAgeMs: settings().logRetentionDays * 86_400_000,
    }),
  });
  const views = createMonitoringViews({
    db,
    connections: ports.connections,
    nodes: ports.nodes.list,
    deployments: ports.deployments.list,
    containers,
    logs,
    stats,
    events,
    settings,
    clock,
  });
  const samplers = new Map<string, NodeSampler>();
  const watchers = new Map<string, EventWatcher>();
  // Which node each deployment lives on, kept from every transition: events are recorded by its node only.
  const placement = new Map<string, string>();
  let isStarted = false;
  let isClosed = false;

  const watchedOn = (nodeId: string) => ports.deployments.watched().filter((d) => d.nodeId === nodeId);

  function samplerFor(node: Node): NodeSampler {
    const sampler = createNodeSampler({
      nodeId: node.id,
      connections: ports.connections,
      containers,
      stats,
      collector,
      focus,
      settings,
      deployments: () => watchedOn(node.id),
      diskPath: () => ports.nodes.list().find((n) => n.id === node.id)?.resources?.dockerRootDir ?? '/',
      bus,
      afterRound: (deploymentIds) => deploymentIds.forEach((id) => health.evaluate(id)),
      clock,
      logger,
    });
    sampler.start();
    return sampler;
  }

  function watcherFor(node: Node): EventWatcher {
    const watcher = createEventWatcher({
      nodeId: node.id,
      db,
      connections: ports.connections,
      containers,
      events,
      clock,
      logger,
      onSeen: () => containers.markSeen(node.id, clock.now().toISOString()),
      isOurs: (deploymentId) => placement.get(deploymentId) === node.id,
      onRecorded: (deploymentIds, stopped, recorded) => {
        samplers.get(node.id)?.readFinalLogs(stopped);
        for (const event of recorded) {
          if (event.kind !== 'oom' || !event.deploymentId) continue;
          const name =
            ports.deployments.watched().find((d) => d.id === event.deploymentId)?.name ?? event.deploymentId;
          health.raiseOom(node.id, event.deploymentId, name, event.service ?? 'a service');
        }
        for (const id of deploymentIds) health.evaluate(id);
        bus.emit('monitoring:events-recorded', {
          nodeId: node.id,
          deploymentIds: [...deploymentIds],
          count: recorded.length,
        });
      },
    });
    watcher.start();
    return watcher;
  }

  /** One sampler per node not in maintenance, one event watcher per node with deployments to watch. */
  function sync() {
    if (!isStarted) return;
    const nodes = ports.nodes.list().filter((node) => !node.isMaintenance);
    const ids = new Set(nodes.map((node) => node.id));
    for (const [id, sampler] of samplers)
      if (!ids.has(id)) void sampler.close().then(() => samplers.delete(id));
    for (const [id, watcher] of watchers)
      if (!ids.has(id)) void watcher.close().then(() => watchers.delete(id));
    for (const node of nodes) {
      if (!samplers.has(node.id)) samplers.set(node.id, samplerFor(node));
      if (!watchers.has(node.id) && watchedOn(node.id).length > 0) watchers.set(node.id, watcherFor(node));
    }
  }

  const offFocus = focus.onFocused(({ deploymentIds, nodeIds }) => {
    const watched = ports.deployments.watched();
    for (const id of deploymentIds) {
      const nodeId = watched.find((d) => d.id === id)?.nodeId;
      if (nodeId) void samplers.get(nodeId)?.refresh({ deploymentId: id });
    }
    for (const id of nodeIds) void samplers.get(id)?.refresh({ isNode: true });
  });
  const offNodes = bus.on('nodes:changed', () => sync());
  const offDeployments = bus.on('deployments:transitioned', ({ deployment }) => {
    placement.set(deployment.id, deployment.nodeId);
    sync();
  });

  const logQuery = (input: {
    deploymentId: string;
    services: string[];
    streams: ('stdout' | 'stderr')[];
    search: string;
  }) => ({
    deploymentId: input.deploymentId,
    services: input.services,
    streams: input.streams,
    search: input.search,
  });
  const findNode = (nodeId: string) => {
    const node = views.nodeById(nodeId);
    if (!node) throw new AppError('not_found', `No node with id ${nodeId}.`);
    return node;
  };

  return {
    workers: [
      {
        name: MONITORING_RETENTION_WORKER,
        intervalSeconds: () => 60,
        run: async () => {
          sync();
          await runRetention({ settings, clock, logs, stats, events, containers });
        },
      },
    ],
    handlers: {
      'monitoring:focus': ({ viewId, deploymentIds, nodeIds }) => {
        focus.set(viewId, deploymentIds, nodeIds);
        return { leaseSeconds: FOCUS_LEASE_SECONDS };
      },
      'monitoring:refresh': async ({ deploymentId, nodeId }) => {
        const target = nodeId ?? ports.deployments.watched().find((d) => d.id === deploymentId)?.nodeId;
        const sampler = target === undefined ? undefined : samplers.get(target);
        if (!sampler) return { isComplete: false };
        const wait = new AbortController();
        const isComplete = await Promise.race([
          sampler
            .refresh({
              ...(deploymentId === undefined ? {} : { deploymentId }),
              isNode: nodeId !== undefined,
            })
            .then(() => true),
          delay(REFRESH_WAIT_MS, false, { signal: wait.signal }).catch(() => false),
        ]);
        wait.abort();
        return { isComplete };
      },
      'monitoring:overview': ({ deploymentId }) => views.overview(deploymentId),
      'monitoring:events': ({ deploymentId, limit, beforeId }) => views.events(deploymentId, limit, beforeId),
      'monitoring:logs': (input) => logs.page(logQuery(input), input.offset, input.limit, input.withTotal),
      'monitoring:logs-locate': (input) => logs.locate(logQuery(input), Date.parse(input.at) * 1000),
      'monitoring:logs-download': async (input) => {
        const name =
          (await ports.deployments.list()).find((d) => d.id === input.deploymentId)?.name ??
          input.deploymentId;
        const file = logs.download(logQuery(input));
        return { fileName: `${name}-logs-${clock.now().toISOString().replace(/[:.]/g, '-')}.txt`, ...file };
      },
      'monitoring:stats': ({ deploymentId, range }) => views.stats(deploymentId, range),
      'monitoring:node-stats': ({ nodeId, range }) => views.nodeStats(findNode(nodeId), range),
      'monitoring:fleet': async () => ({
        nodes: await views.fleet(),
        alerts: events.alerts({ includeResolved: false, limit: 100 }),
      }),
      'monitoring:usage': () => views.usage(),
      'monitoring:clear': async ({ deploymentId }) => {
        await trimLogs(logs, deploymentId, 0, Number.POSITIVE_INFINITY);
        db.transaction(() => {
          logs.forgetUsage(deploymentId);
          stats.clear(deploymentId);
          events.clear(deploymentId);
          containers.clear(deploymentId);
        })();
        return views.usage();
      },
      'alerts:list': ({ includeResolved, limit }) => events.alerts({ includeResolved, limit }),
      'alerts:dismiss': ({ id }) => {
        const alert = events.dismiss(id, clock.now().toISOString());
        if (!alert) throw new AppError('not_found', `No alert with id ${String(id)}.`);
        return alert;
      },
    },
    start() {
      void ports.deployments.list().then((list) => {
        if (isClosed) return;
        for (const deployment of list) placement.set(deployment.id, deployment.nodeId);
        isStarted = true;
        sync();
      });
    },
    async close() {
      isClosed = true;
      isStarted = false;
      offFocus();
      offNodes();
      offDeployments();
      health.close();
      await Promise.allSettled([...watchers.values()].map((w) => w.close()));
      await Promise.allSettled([...samplers.values()].map((s) => s.close()));
      watchers.clear();
      samplers.clear();
    },
  };
}
