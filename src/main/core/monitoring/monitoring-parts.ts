import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import type { Settings } from '@shared/contract/settings';
import type { CoreContext } from '../core-context';
import type { NodeConnections } from '../ssh/node-connections';
import { createHealthMonitor, type HealthMonitor, type HealthPorts } from './health/health-monitor';
import { createLogCollector, type LogCollector } from './logs/log-collector';
import { createMonitoringViews, type MonitoringViews } from './monitoring-views';
import { createFocus, type Focus } from './sampling/focus';
import { createPace, type AttentionPort, type Pace } from './sampling/pace';
import { createQuietSchedule } from './sampling/quiet-schedule';
import { createContainerRepository, type ContainerRepository } from './store/container-repository';
import { createEventRepository, type EventRepository } from './store/event-repository';
import { createLogRepository, type LogRepository } from './store/log-repository';
import { createStatsRepository, type StatsRepository } from './store/stats-repository';

export interface MonitoringPorts {
  connections: NodeConnections;
  nodes: { list: () => Node[] };
  deployments: HealthPorts & {
    list: () => Promise<DeploymentSummary[]>;
    summary: (id: string) => Promise<DeploymentSummary | null>;
  };
  /** Battery and window state from the desktop shell; without it, always on mains with a window shown. */
  attention?: AttentionPort | undefined;
}

/** The feature's parts, built once: the store, what is on screen, health, the log collector, the views. */
export interface MonitoringParts {
  context: CoreContext;
  ports: MonitoringPorts;
  settings: () => Settings['monitoring'];
  containers: ContainerRepository;
  logs: LogRepository;
  stats: StatsRepository;
  events: EventRepository;
  focus: Focus;
  pace: Pace;
  health: HealthMonitor;
  collector: LogCollector;
  views: MonitoringViews;
}

export function createMonitoringParts(context: CoreContext, ports: MonitoringPorts): MonitoringParts {
  const { db, clock, events: bus } = context;
  const settings = () => context.settings.get().monitoring;
  const containers = createContainerRepository(db);
  const logs = createLogRepository(db);
  const stats = createStatsRepository(db);
  const events = createEventRepository(db);
  const focus = createFocus(clock);
  const pace = createPace({ clock, settings, quiet: createQuietSchedule(), attention: ports.attention });
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
    deployment: ports.deployments.summary,
    containers,
    logs,
    stats,
    events,
    settings,
    clock,
  });
  return { context, ports, settings, containers, logs, stats, events, focus, pace, health, collector, views };
}
