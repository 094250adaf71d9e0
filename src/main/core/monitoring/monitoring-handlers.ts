import { setTimeout as delay } from 'node:timers/promises';
import type { Handlers as AllHandlers } from '@shared/contract';
import { AppError } from '@shared/result';
import type { MethodsOf } from '../core-context';
import type { MonitoringParts } from './monitoring-parts';
import { FOCUS_LEASE_SECONDS } from './sampling/focus';
import type { NodeWorkers } from './node-workers';
import { trimLogs } from './store/log-repository';

const REFRESH_WAIT_MS = 1500;

type Handlers = Pick<AllHandlers, MethodsOf<'monitoring'> | MethodsOf<'alerts'>>;

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

/** Samples at once; answers whether the round finished within REFRESH_WAIT_MS (it goes on regardless). */
async function refresh(
  parts: MonitoringParts,
  workers: NodeWorkers,
  { deploymentId, nodeId }: { deploymentId?: string; nodeId?: string },
): Promise<{ isComplete: boolean }> {
  const target = nodeId ?? parts.ports.deployments.watched().find((d) => d.id === deploymentId)?.nodeId;
  const sampler = target === undefined ? undefined : workers.samplerOn(target);
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
}

async function downloadLogs(
  parts: MonitoringParts,
  input: Parameters<Handlers['monitoring:logs-download']>[0],
) {
  const name =
    (await parts.ports.deployments.summary(input.deploymentId))?.name ?? input.deploymentId;
  const file = parts.logs.download(logQuery(input));
  return {
    fileName: `${name}-logs-${parts.context.clock.now().toISOString().replace(/[:.]/g, '-')}.txt`,
    ...file,
  };
}

/** Forgets everything monitoring holds of a deployment: logs, stats, events, alerts, latest figures. */
async function clearDeployment(parts: MonitoringParts, deploymentId: string) {
  const { logs, stats, events, containers } = parts;
  await trimLogs(logs, deploymentId, 0, Number.POSITIVE_INFINITY);
  parts.context.db.transaction(() => {
    logs.forgetUsage(deploymentId);
    stats.clear(deploymentId);
    events.clear(deploymentId);
    containers.clear(deploymentId);
  })();
  return parts.views.usage();
}

function findNode(parts: MonitoringParts, nodeId: string) {
  const node = parts.views.nodeById(nodeId);
  if (!node) throw new AppError('not_found', `No node with id ${nodeId}.`);
  return node;
}

/** The `monitoring:*` and `alerts:*` handlers: every answer from the store, but refresh. */
export function monitoringHandlers(parts: MonitoringParts, workers: NodeWorkers): Handlers {
  const { views, logs, events, focus, context } = parts;
  return {
    'monitoring:focus': ({ viewId, deploymentIds, nodeIds }) => {
      focus.set(viewId, deploymentIds, nodeIds);
      return { leaseSeconds: FOCUS_LEASE_SECONDS };
    },
    'monitoring:refresh': (input) => refresh(parts, workers, input),
    'monitoring:overview': ({ deploymentId }) => views.overview(deploymentId),
    'monitoring:events': ({ deploymentId, limit, beforeId }) => views.events(deploymentId, limit, beforeId),
    'monitoring:logs': (input) => logs.page(logQuery(input), input.offset, input.limit, input.withTotal),
    'monitoring:logs-locate': (input) => logs.locate(logQuery(input), Date.parse(input.at) * 1000),
    'monitoring:logs-download': (input) => downloadLogs(parts, input),
    'monitoring:stats': ({ deploymentId, range }) => views.stats(deploymentId, range),
    'monitoring:node-stats': ({ nodeId, range }) => views.nodeStats(findNode(parts, nodeId), range),
    'monitoring:fleet': async () => ({
      nodes: await views.fleet(),
      alerts: events.alerts({ includeResolved: false, limit: 100 }),
    }),
    'monitoring:usage': () => views.usage(),
    'monitoring:clear': ({ deploymentId }) => clearDeployment(parts, deploymentId),
    'alerts:list': ({ includeResolved, limit }) => events.alerts({ includeResolved, limit }),
    'alerts:dismiss': ({ id }) => {
      const alert = events.dismiss(id, context.clock.now().toISOString());
      if (!alert) throw new AppError('not_found', `No alert with id ${String(id)}.`);
      return alert;
    },
  };
}
