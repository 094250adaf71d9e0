import type Docker from 'dockerode';
import { labels } from '../../deployments';
import type { WatchedDeployment } from '../health/health-monitor';
import type { Counters, DockerStats } from '../stats/container-sample';
import { nodeMetricsCommand, parseNodeMetrics, type CpuTimes } from '../stats/node-sample';
import { recordStats, sampleByCgroup, type StatsRows, type StatsWay } from './cgroup-way';
import {
  chooseLogReads,
  prepareLogCheck,
  readLogMarks,
  type LogCheck,
  type LogFilesState,
} from './log-files';
import type { NodeSamplerDeps } from './node-sampler';

/** One round may take this long before it is abandoned (a hung node must not stall the next). */
const ROUND_TIMEOUT_MS = 30_000;
const STATS_CONCURRENCY = 4;
/** A CPU reading older than this is no base for the next one: read /proc/stat twice instead. */
const CPU_BASE_MAX_AGE_MS = 10 * 60_000;

/** What one node's rounds carry from one to the next. */
export interface SamplerState extends LogFilesState {
  counters: Map<string, Counters>;
  due: Map<string, { deploymentId: string; stats: number; logs: number }>;
  finalLogs: Set<string>;
  nodeDue: number;
  nodeCpu: { times: CpuTimes; at: number } | null;
  /** Unknown until the first round with containers has tried the cgroup files. */
  statsWay?: StatsWay;
}

/** A node's state before its first round: nothing known yet. */
export const createSamplerState = (): SamplerState => ({
  counters: new Map(),
  due: new Map(),
  finalLogs: new Set(),
  nodeDue: 0,
  nodeCpu: null,
  logMarks: new Map(),
});

export interface SamplerContext {
  deps: NodeSamplerDeps;
  state: SamplerState;
}

export interface StatsWork {
  id: string;
  deploymentId: string;
  service: string;
}

type Appended = Map<string, { count: number; lastAtUs: number }>;

const isOnScreen = (deps: NodeSamplerDeps, deployment: WatchedDeployment) =>
  deps.focus.deployments().has(deployment.id);

/** How long until the next container or the node itself is due (at most the background interval). */
export function nextDelay({ deps, state }: SamplerContext): number {
  const now = deps.clock.now().getTime();
  let next = Math.min(state.nodeDue, now + deps.settings().backgroundStatsSeconds * 1000);
  for (const entry of state.due.values()) next = Math.min(next, entry.stats, entry.logs);
  return Math.max(250, next - now);
}

async function sampleContainer(
  ctx: SamplerContext,
  docker: Docker,
  item: StatsWork,
  signal: AbortSignal,
  rows: StatsRows,
): Promise<void> {
  const stats = (await docker.getContainer(item.id).stats({
    stream: false,
    'one-shot': true,
    abortSignal: signal,
  } as {
    stream: false;
  })) as DockerStats;
  recordStats(ctx, item, stats, rows);
}

async function sampleStats(
  ctx: SamplerContext,
  docker: Docker,
  work: StatsWork[],
  signal: AbortSignal,
  logCheck: LogCheck | null,
): Promise<boolean> {
  const { deps } = ctx;
  const rows: StatsRows = [];
  const queue = await sampleByCgroup(ctx, work, signal, rows, logCheck);
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        await sampleContainer(ctx, docker, item, signal, rows);
      } catch (error) {
        if (signal.aborted) return;
        deps.logger.info('monitoring could not sample a container', {
          nodeId: deps.nodeId,
          container: item.id.slice(0, 12),
          error: String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: STATS_CONCURRENCY }, worker));
  deps.stats.insert(rows);
  return rows.length > 0;
}

async function sampleNode({ deps, state }: SamplerContext, signal: AbortSignal): Promise<void> {
  const { nodeId } = deps;
  const now = deps.clock.now().getTime();
  const base = state.nodeCpu && now - state.nodeCpu.at < CPU_BASE_MAX_AGE_MS ? state.nodeCpu.times : null;
  const result = await deps.connections.exec(nodeId, nodeMetricsCommand(deps.diskPath(), base === null), {
    signal,
    repeated: true,
  });
  const { sample, cpu } = parseNodeMetrics(result.stdout, base);
  if (cpu) state.nodeCpu = { times: cpu, at: now };
  const at = deps.clock.now().getTime();
  deps.stats.insert([{ seriesId: deps.stats.nodeSeries(nodeId), at, sample }]);
  deps.containers.setNodeStats(nodeId, JSON.stringify({ at, ...sample }));
  deps.containers.markSeen(nodeId, new Date(at).toISOString());
}

async function listManaged(
  { deps, state }: SamplerContext,
  docker: Docker,
  watched: ReadonlyMap<string, WatchedDeployment>,
  signal: AbortSignal,
): Promise<Docker.ContainerInfo[]> {
  const isListing = watched.size > 0 || state.finalLogs.size > 0;
  if (!isListing) return [];
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`${labels.managed}=true`] },
    abortSignal: signal,
  } as Docker.ContainerListOptions);
  deps.containers.markSeen(deps.nodeId, deps.clock.now().toISOString());
  return listed;
}

/** Forgets what was known of containers that are gone. */
function forgetGone({ deps, state }: SamplerContext, present: ReadonlySet<string>): void {
  for (const id of state.due.keys()) {
    if (present.has(id)) continue;
    state.due.delete(id);
    state.counters.delete(id);
    deps.collector.forget(id);
    state.logMarks.delete(id);
    deps.pace.forget(id);
  }
}

/** Which containers are due for stats and for logs now; the final logs of stopped ones come along. */
function planWork(
  ctx: SamplerContext,
  listed: Docker.ContainerInfo[],
  watched: ReadonlyMap<string, WatchedDeployment>,
  now: number,
): { statsWork: StatsWork[]; logWork: string[]; final: Set<string> } {
  const { state } = ctx;
  const final = new Set(state.finalLogs);
  const statsWork: StatsWork[] = [];
  const logWork: string[] = [];
  const present = new Set<string>();
  for (const container of listed) {
    const deployment = watched.get(container.Labels[labels.deployment] ?? '');
    if (!deployment) {
      if (state.finalLogs.delete(container.Id)) logWork.push(container.Id);
      continue;
    }
    present.add(container.Id);
    const every = ctx.deps.pace.container(container.Id, {
      isOnScreen: isOnScreen(ctx.deps, deployment),
      isSettling: deployment.status !== 'running',
    });
    const entry = state.due.get(container.Id) ?? { deploymentId: deployment.id, stats: 0, logs: 0 };
    const isRunning = container.State === 'running';
    if (isRunning && entry.stats <= now) {
      // Stats paused: looked at again with the logs, so they resume soon after the pause ends.
      if (every.stats !== null)
        statsWork.push({ id: container.Id, deploymentId: deployment.id, service: seriesName(container) });
      entry.stats = now + (every.stats ?? every.logs);
    }
    if ((isRunning && entry.logs <= now) || state.finalLogs.delete(container.Id)) {
      logWork.push(container.Id);
      entry.logs = now + every.logs;
    }
    state.due.set(container.Id, entry);
  }
  forgetGone(ctx, present);
  state.finalLogs.clear();
  return { statsWork, logWork, final };
}

/** A container's stats series: its service's, with the copy number for the second copy of a scaled service on. */
function seriesName(container: Docker.ContainerInfo): string {
  const service = container.Labels[labels.service] ?? container.Names[0] ?? container.Id;
  const copy = container.Labels[labels.containerNumber];
  return copy === undefined || copy === '1' ? service : `${service} #${copy}`;
}

async function collectLogs(
  { deps, state }: SamplerContext,
  docker: Docker,
  logWork: string[],
  signal: AbortSignal,
  marks: ReadonlyMap<string, string> | null,
): Promise<Appended> {
  const appended: Appended = new Map();
  for (const id of logWork) {
    const snapshot = deps.containers.get(id);
    if (!snapshot || signal.aborted) continue;
    try {
      const got = await deps.collector.collect(docker, snapshot, signal);
      const mark = marks?.get(id);
      if (mark !== undefined) state.logMarks.set(id, mark);
      if (!got) continue;
      if (got.count > 0) deps.pace.logged(id, state.due.get(id), deps.clock.now().getTime());
      const before = appended.get(snapshot.deploymentId);
      appended.set(snapshot.deploymentId, {
        count: (before?.count ?? 0) + got.count,
        lastAtUs: Math.max(before?.lastAtUs ?? 0, got.lastAtUs),
      });
    } catch (error) {
      deps.logger.info('monitoring could not read logs', {
        nodeId: deps.nodeId,
        container: id.slice(0, 12),
        error: String(error),
      });
    }
  }
  return appended;
}

function announce(
  { deps }: SamplerContext,
  appended: Appended,
  sampledDeploymentIds: string[],
  isNodeSampled: boolean,
): void {
  for (const [deploymentId, got] of appended) {
    deps.bus.emit('monitoring:logs-appended', {
      deploymentId,
      count: got.count,
      lastAt: new Date(Math.floor(got.lastAtUs / 1000)).toISOString(),
    });
  }
  if (sampledDeploymentIds.length > 0 || isNodeSampled)
    deps.bus.emit('monitoring:sampled', {
      nodeId: deps.nodeId,
      deploymentIds: sampledDeploymentIds,
      isNodeSampled,
      at: deps.clock.now().toISOString(),
    });
}

/** One round: list the deployment's containers, sample what is due, read new log lines, tell the views. */
export async function sampleRound(ctx: SamplerContext): Promise<void> {
  const { deps, state } = ctx;
  const status = deps.connections.status(deps.nodeId).state;
  // While the connection waits out its back-off, asking would only fail: the stored data answers.
  if (status === 'waiting' || status === 'failed') return;
  const signal = AbortSignal.timeout(ROUND_TIMEOUT_MS);
  const now = deps.clock.now().getTime();
  const watched = new Map(deps.deployments().map((d) => [d.id, d]));
  const docker = await deps.connections.docker(deps.nodeId);
  const listed = await listManaged(ctx, docker, watched, signal);
  const { statsWork, logWork, final } = planWork(ctx, listed, watched, now);

  const logCheck = await prepareLogCheck(
    ctx,
    docker,
    logWork.filter((id) => !final.has(id)),
  );
  const sampled = statsWork.length > 0 && (await sampleStats(ctx, docker, statsWork, signal, logCheck));
  const marks = await readLogMarks(ctx, logCheck, signal);
  const toRead = chooseLogReads({ due: logWork, final, current: marks, last: state.logMarks });
  const appended = await collectLogs(ctx, docker, toRead, signal, marks);
  let isNodeSampled = false;
  if (state.nodeDue <= now) {
    const every = deps.pace.node(deps.focus.nodes().has(deps.nodeId));
    state.nodeDue = now + (every ?? deps.settings().backgroundLogsSeconds * 1000);
    if (every !== null) {
      await sampleNode(ctx, signal);
      isNodeSampled = true;
    }
  }
  announce(ctx, appended, sampled ? [...new Set(statsWork.map((w) => w.deploymentId))] : [], isNodeSampled);
  deps.afterRound([...watched.keys()]);
}
