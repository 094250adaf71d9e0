import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { monitoringHandlers } from './monitoring-handlers';
import { createMonitoringParts, type MonitoringPorts } from './monitoring-parts';
import { createNodeWorkers } from './node-workers';
import { runRetention } from './retention';
import { samplingHandlers } from './sampling-handlers';

export type { MonitoringPorts } from './monitoring-parts';

export const MONITORING_RETENTION_WORKER = 'monitoring-retention';

/**
 * Monitoring: a Docker event watcher and a sampler per node feed the local store; every screen
 * answers from that store, so it opens at once, also with the node unreachable.
 */
export function createMonitoringFeature(
  context: CoreContext,
  ports: MonitoringPorts,
): Feature<MethodsOf<'monitoring'> | MethodsOf<'alerts'> | MethodsOf<'sampling'>> {
  const parts = createMonitoringParts(context, ports);
  const workers = createNodeWorkers(parts);
  const { settings, logs, stats, events, containers } = parts;

  return {
    workers: [
      {
        name: MONITORING_RETENTION_WORKER,
        intervalSeconds: () => 60,
        run: async () => {
          workers.sync();
          await runRetention({
            settings,
            db: context.db,
            clock: context.clock,
            logs,
            stats,
            events,
            containers,
          });
        },
      },
    ],
    handlers: { ...monitoringHandlers(parts, workers), ...samplingHandlers(parts) },
    start: () => workers.start(),
    async close() {
      workers.stop();
      parts.health.close();
      await workers.drain();
    },
  };
}
