import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type {
  Alert,
  ContainerStats,
  DeploymentOverview,
  FleetNode,
  MonitoringUsage,
  Reachability,
  StatPoint,
  StatsRange,
} from '@shared/contract/monitoring';
import type { Node } from '@shared/contract/nodes';
import type { Settings } from '@shared/contract/settings';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { NodeConnections } from '../ssh/node-connections';
import { measureMonitoringBytes } from './budget';
import { toContainerState, type ContainerRepository } from './store/container-repository';
import type { EventRepository } from './store/event-repository';
import type { LogRepository } from './store/log-repository';
import type { StatsRepository, Tier } from './store/stats-repository';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STAT_ROW_BYTES = 96;
const EVENT_ROW_BYTES = 160;

export interface ViewDeps {
  db: Database;
  connections: NodeConnections;
  nodes: () => Node[];
  deployments: () => Promise<DeploymentSummary[]>;
  /** One deployment's summary: a screen about one never builds every summary to find it. */
  deployment: (id: string) => Promise<DeploymentSummary | null>;
  containers: ContainerRepository;
  logs: LogRepository;
  stats: StatsRepository;
  events: EventRepository;
  settings: () => Settings['monitoring'];
  clock: Clock;
}

/** The oldest time each stats tier still holds, per the settings. */
export function keptSince(settings: Settings['monitoring'], now: number): Record<Tier, number> {
  return {
    raw: now - settings.rawRetentionHours * HOUR,
    minute: now - settings.minuteRetentionDays * DAY,
    hour: now - settings.hourRetentionDays * DAY,
  };
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
type StoredStats = StatPoint & Partial<Omit<ContainerStats, 'service' | 'containerId'>>;
const parsed = (json: string | null): StoredStats | null =>
  json === null ? null : (JSON.parse(json) as StoredStats);

function reachability(deps: ViewDeps, node: Node): Reachability {
  const connection = deps.connections.status(node.id);
  const lastSeenAt = later(deps.containers.node(node.id).lastSeenAt, node.lastSeenAt);
  let isReachable: boolean;
  if (node.status === 'maintenance') isReachable = false;
  else if (node.kind === 'local') isReachable = node.status !== 'offline';
  else if (connection.state === 'ready') isReachable = true;
  else if (connection.state === 'waiting' || connection.state === 'failed' || connection.state === 'closed')
    isReachable = false;
  else isReachable = node.status !== 'offline' && connection.lastError === null;
  const reason = isReachable
    ? null
    : node.status === 'maintenance'
      ? `${node.name} is in maintenance.`
      : (connection.lastError?.message ?? node.lastError?.message ?? `${node.name} is ${node.status}.`);
  return { nodeId: node.id, nodeName: node.name, isReachable, lastSeenAt, reason };
}

const nodeById = (deps: ViewDeps, id: string) => deps.nodes().find((node) => node.id === id);

const latestOf = (json: string | null, service: string, containerId: string): ContainerStats | null => {
  const stored = parsed(json);
  return (
    stored && {
      netRxBytes: null,
      netTxBytes: null,
      blockReadBytes: null,
      blockWriteBytes: null,
      ...stored,
      service,
      containerId: containerId.slice(0, 12),
    }
  );
};

async function overview(deps: ViewDeps, deploymentId: string): Promise<DeploymentOverview> {
  const { containers } = deps;
  const deployment = (await deps.deployment(deploymentId)) ?? undefined;
  const current = containers.ofDeployment(deploymentId, deployment === undefined);
  const node = nodeById(deps, deployment?.nodeId ?? current[0]?.snapshot.nodeId ?? '');
  const services = new Set([
    ...containers.ofDeployment(deploymentId, true).map((c) => c.snapshot.service),
    ...deps.stats.seriesOf(deploymentId).map((s) => s.service),
  ]);
  const samples = current.map((c) => parsed(c.latestStats)?.at ?? 0);
  const lastSample = Math.max(0, ...samples);
  return {
    deploymentId,
    deploymentName: deployment?.name ?? null,
    status: deployment?.status ?? null,
    reachability: node ? reachability(deps, node) : null,
    containers: current
      .filter((c) => !c.snapshot.isRemoved || deployment === undefined)
      .map((c) => toContainerState(c.snapshot, c.updatedAt)),
    services: [...services].sort(),
    alerts: deps.events.alerts({ includeResolved: false, limit: 50, deploymentId }),
    lastSampleAt: lastSample > 0 ? new Date(lastSample).toISOString() : null,
    lastLogAt: deps.logs.lastAt(deploymentId),
  };
}

async function deploymentStats(deps: ViewDeps, deploymentId: string, range: StatsRange) {
  const deployment = await deps.deployment(deploymentId);
  const node = deployment ? nodeById(deps, deployment.nodeId) : undefined;
  const series = deps.stats.seriesOf(deploymentId);
  const now = deps.clock.now().getTime();
  const points = deps.stats.query(
    series.map((s) => s.id),
    range,
    now,
    keptSince(deps.settings(), now),
  );
  const latest = deps.containers
    .ofDeployment(deploymentId)
    .map((c) =>
      c.snapshot.state === 'running'
        ? latestOf(c.latestStats, c.snapshot.service, c.snapshot.containerId)
        : null,
    )
    .filter((stats): stats is ContainerStats => stats !== null);
  return {
    reachability: node ? reachability(deps, node) : null,
    series: series
      .map((s) => ({ service: s.service, points: points.get(s.id) ?? [] }))
      .sort((a, b) => a.service.localeCompare(b.service)),
    latest,
    now,
  };
}

function nodeStats(deps: ViewDeps, node: Node, range: StatsRange) {
  const now = deps.clock.now().getTime();
  const id = deps.stats.nodeSeries(node.id);
  const points = deps.stats.query([id], range, now, keptSince(deps.settings(), now)).get(id) ?? [];
  return {
    reachability: reachability(deps, node),
    points,
    latest: parsed(deps.containers.node(node.id).latestStats),
    now,
  };
}

/** A deployment's line on the fleet page: its running containers' CPU and memory summed. */
function fleetDeployment(deps: ViewDeps, d: DeploymentSummary, openAlerts: Alert[]) {
  const current = deps.containers.ofDeployment(d.id);
  const running = current.filter((c) => c.snapshot.state === 'running');
  const latest = running.map((c) => parsed(c.latestStats)).filter((s): s is StatPoint => s !== null);
  const total = (pick: (s: StatPoint) => number | null) =>
    latest.length === 0 ? null : latest.reduce((sum, s) => sum + (pick(s) ?? 0), 0);
  return {
    id: d.id,
    name: d.name,
    status: d.status,
    cpuPercent: total((s) => s.cpuPercent),
    memoryBytes: total((s) => s.memoryBytes),
    containersRunning: running.length,
    containersTotal: current.length,
    openAlerts: openAlerts.filter((a) => a.deploymentId === d.id).length,
  };
}

async function fleet(deps: ViewDeps): Promise<FleetNode[]> {
  const deployments = await deps.deployments();
  const openAlerts = deps.events.alerts({ includeResolved: false, limit: 500 });
  return deps.nodes().map((node) => ({
    nodeId: node.id,
    name: node.name,
    status: node.status,
    reachability: reachability(deps, node),
    latest: parsed(deps.containers.node(node.id).latestStats),
    deployments: deployments
      .filter((d) => d.nodeId === node.id)
      .map((d) => fleetDeployment(deps, d, openAlerts)),
  }));
}

async function usage(deps: ViewDeps): Promise<MonitoringUsage> {
  const names = deps.db
    .prepare(
      "SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE name LIKE 'log\\_%' ESCAPE '\\' OR name LIKE 'metric\\_%' ESCAPE '\\' OR name LIKE 'monitoring\\_%' ESCAPE '\\' OR name LIKE 'alerts%'",
    )
    .get() as { bytes: number };
  const deployments = new Map((await deps.deployments()).map((d) => [d.id, d.name]));
  const logUsage = new Map(deps.logs.usage().map((u) => [u.deploymentId, u]));
  const ids = new Set<string>([...logUsage.keys()]);
  for (const row of deps.db
    .prepare(
      "SELECT DISTINCT deployment_id AS id FROM metric_series WHERE deployment_id != '' UNION SELECT DISTINCT deployment_id FROM monitoring_events WHERE deployment_id IS NOT NULL",
    )
    .all() as { id: string }[])
    ids.add(row.id);
  const rows = [...ids].map((deploymentId) => {
    const log = logUsage.get(deploymentId);
    const statSamples = deps.stats.samplesOf(deploymentId);
    const events = deps.events.countOf(deploymentId);
    const logBytes = log?.bytes ?? 0;
    return {
      deploymentId,
      name: deployments.get(deploymentId) ?? null,
      logLines: log?.lines ?? 0,
      logBytes,
      statSamples,
      events,
      bytes: logBytes + statSamples * STAT_ROW_BYTES + events * EVENT_ROW_BYTES,
    };
  });
  const measured = measureMonitoringBytes(deps.db, deps.logs);
  return {
    totalBytes: names.bytes,
    budgetBytes: { logs: measured.logs, stats: measured.stats, events: measured.events },
    deployments: rows.sort((a, b) => b.bytes - a.bytes),
  };
}

/** Everything a screen shows, read from this computer's store: no answer here waits on a node. */
export function createMonitoringViews(deps: ViewDeps) {
  return {
    reachability: (node: Node) => reachability(deps, node),
    nodeById: (id: string) => nodeById(deps, id),
    overview: (deploymentId: string) => overview(deps, deploymentId),
    events: async (deploymentId: string, limit: number, beforeId: number | undefined) => {
      const deployment = await deps.deployment(deploymentId);
      return deps.events.list(
        deploymentId,
        deployment?.nodeId ?? null,
        deployment?.createdAt ?? '',
        limit,
        beforeId,
      );
    },
    stats: (deploymentId: string, range: StatsRange) => deploymentStats(deps, deploymentId, range),
    nodeStats: (node: Node, range: StatsRange) => nodeStats(deps, node, range),
    fleet: () => fleet(deps),
    usage: () => usage(deps),
  };
}

export type MonitoringViews = ReturnType<typeof createMonitoringViews>;
