import type Docker from 'dockerode';
import type { Settings } from '@shared/contract/settings';
import type { Clock } from '../../clock';
import { labels } from '../../deployments';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logger';
import type { NodeConnections } from '../../ssh/node-connections';
import type { WatchedDeployment } from '../health/health-monitor';
import type { LogCollector } from '../logs/log-collector';
import { readContainerStats, type Counters, type DockerStats } from '../stats/container-sample';
import { nodeMetricsCommand, parseNodeMetrics, type CpuTimes } from '../stats/node-sample';
import type { ContainerRepository } from '../store/container-repository';
import type { Sample, StatsRepository } from '../store/stats-repository';
import type { Focus } from './focus';

/** One round may take this long before it is abandoned (a hung node must not stall the next). */
const ROUND_TIMEOUT_MS = 30_000;
const STATS_CONCURRENCY = 4;
/** A CPU reading older than this is no base for the next one: read /proc/stat twice instead. */
const CPU_BASE_MAX_AGE_MS = 10 * 60_000;

export interface NodeSamplerDeps {
  nodeId: string;
  connections: NodeConnections;
  containers: ContainerRepository;
  stats: StatsRepository;
  collector: LogCollector;
  focus: Focus;
  settings: () => Settings['monitoring'];
  /** Deployments on this node that are meant to be up. */
  deployments: () => WatchedDeployment[];
  diskPath: () => string;
  bus: EventBus;
  afterRound: (deploymentIds: string[]) => void;
  clock: Clock;
  logger: Logger;
}

/**
 * Samples one node on a single timer: one-shot stats and new log lines of each container when they
 * are due (every few seconds for what is on screen, every minute otherwise) and the node's own CPU,
 * memory and disk. Never a stream per container; one round at a time.
 */
export function createNodeSampler(deps: NodeSamplerDeps) {
  const { nodeId } = deps;
  const counters = new Map<string, Counters>();
  const due = new Map<string, { deploymentId: string; stats: number; logs: number }>();
  const finalLogs = new Set<string>();
  let nodeDue = 0;
  let nodeCpu: { times: CpuTimes; at: number } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> | null = null;
  let isAgain = false;
  let isClosed = false;
  let failures = 0;

  const isFast = (deployment: WatchedDeployment) =>
    deployment.status !== 'running' || deps.focus.deployments().has(deployment.id);
  const intervals = (deployment: WatchedDeployment) => {
    const s = deps.settings();
    const fast = isFast(deployment);
    return {
      stats: (fast ? s.focusedStatsSeconds : s.backgroundStatsSeconds) * 1000,
      logs: (fast ? s.focusedLogsSeconds : s.backgroundLogsSeconds) * 1000,
    };
  };
  const nodeInterval = () =>
    (deps.focus.nodes().has(nodeId)
      ? deps.settings().focusedStatsSeconds
      : deps.settings().backgroundStatsSeconds) * 1000;

  async function sampleStats(
    docker: Docker,
    work: { id: string; deploymentId: string; service: string }[],
    signal: AbortSignal,
  ) {
    const rows: { seriesId: number; at: number; sample: Sample }[] = [];
    const queue = [...work];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        try {
          const stats = (await docker.getContainer(item.id).stats({
            stream: false,
            'one-shot': true,
            abortSignal: signal,
          } as {
            stream: false;
          })) as DockerStats;
          const at = deps.clock.now().getTime();
          const reading = readContainerStats(stats, counters.get(item.id) ?? null, at);
          counters.set(item.id, reading.counters);
          rows.push({
            seriesId: deps.stats.seriesId({ nodeId, deploymentId: item.deploymentId, service: item.service }),
            at,
            sample: reading.sample,
          });
          deps.containers.setLatestStats(
            item.id,
            JSON.stringify({ at, ...reading.sample, ...reading.totals }),
          );
        } catch (error) {
          if (signal.aborted) return;
          deps.logger.info('monitoring could not sample a container', {
            nodeId,
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

  async function sampleNode(signal: AbortSignal) {
    const now = deps.clock.now().getTime();
    const base = nodeCpu && now - nodeCpu.at < CPU_BASE_MAX_AGE_MS ? nodeCpu.times : null;
    const result = await deps.connections.exec(nodeId, nodeMetricsCommand(deps.diskPath(), base === null), {
      signal,
    });
    const { sample, cpu } = parseNodeMetrics(result.stdout, base);
    if (cpu) nodeCpu = { times: cpu, at: now };
    const at = deps.clock.now().getTime();
    deps.stats.insert([{ seriesId: deps.stats.nodeSeries(nodeId), at, sample }]);
    deps.containers.setNodeStats(nodeId, JSON.stringify({ at, ...sample }));
    deps.containers.markSeen(nodeId, new Date(at).toISOString());
  }

  async function sampleRound() {
    const status = deps.connections.status(nodeId).state;
    // While the connection waits out its back-off, asking would only fail: the stored data answers.
    if (status === 'waiting' || status === 'failed') return;
    const signal = AbortSignal.timeout(ROUND_TIMEOUT_MS);
    const now = deps.clock.now().getTime();
    const watched = new Map(deps.deployments().map((d) => [d.id, d]));
    const docker = await deps.connections.docker(nodeId);
    const isListing = watched.size > 0 || finalLogs.size > 0;
    const listed = isListing
      ? await docker.listContainers({
          all: true,
          filters: { label: [`${labels.managed}=true`] },
          abortSignal: signal,
        } as Docker.ContainerListOptions)
      : [];
    if (isListing) deps.containers.markSeen(nodeId, deps.clock.now().toISOString());
    const statsWork: { id: string; deploymentId: string; service: string }[] = [];
    const logWork: string[] = [];
    const present = new Set<string>();
    for (const container of listed) {
      const deployment = watched.get(container.Labels[labels.deployment] ?? '');
      if (!deployment) {
        if (finalLogs.delete(container.Id)) logWork.push(container.Id);
        continue;
      }
      present.add(container.Id);
      const every = intervals(deployment);
      const entry = due.get(container.Id) ?? { deploymentId: deployment.id, stats: 0, logs: 0 };
      const isRunning = container.State === 'running';
      if (isRunning && entry.stats <= now) {
        statsWork.push({
          id: container.Id,
          deploymentId: deployment.id,
          service: container.Labels[labels.service] ?? container.Names[0] ?? container.Id,
        });
        entry.stats = now + every.stats;
      }
      if ((isRunning && entry.logs <= now) || finalLogs.delete(container.Id)) {
        logWork.push(container.Id);
        entry.logs = now + every.logs;
      }
      due.set(container.Id, entry);
    }
    for (const id of due.keys()) {
      if (present.has(id)) continue;
      due.delete(id);
      counters.delete(id);
      deps.collector.forget(id);
    }
    finalLogs.clear();

    const sampled = statsWork.length > 0 && (await sampleStats(docker, statsWork, signal));
    const appended = new Map<string, { count: number; lastAtUs: number }>();
    for (const id of logWork) {
      const snapshot = deps.containers.get(id);
      if (!snapshot || signal.aborted) continue;
      try {
        const got = await deps.collector.collect(docker, snapshot, signal);
        if (!got) continue;
        const before = appended.get(snapshot.deploymentId);
        appended.set(snapshot.deploymentId, {
          count: (before?.count ?? 0) + got.count,
          lastAtUs: Math.max(before?.lastAtUs ?? 0, got.lastAtUs),
        });
      } catch (error) {
        deps.logger.info('monitoring could not read logs', {
          nodeId,
          container: id.slice(0, 12),
          error: String(error),
        });
      }
    }
    let isNodeSampled = false;
    if (nodeDue <= now) {
      nodeDue = now + nodeInterval();
      await sampleNode(signal);
      isNodeSampled = true;
    }
    for (const [deploymentId, got] of appended) {
      deps.bus.emit('monitoring:logs-appended', {
        deploymentId,
        count: got.count,
        lastAt: new Date(Math.floor(got.lastAtUs / 1000)).toISOString(),
      });
    }
    const deploymentIds = sampled ? [...new Set(statsWork.map((w) => w.deploymentId))] : [];
    if (deploymentIds.length > 0 || isNodeSampled)
      deps.bus.emit('monitoring:sampled', {
        nodeId,
        deploymentIds,
        isNodeSampled,
        at: deps.clock.now().toISOString(),
      });
    deps.afterRound([...watched.keys()]);
  }

  const nextDelay = () => {
    const now = deps.clock.now().getTime();
    let next = Math.min(nodeDue, now + deps.settings().backgroundStatsSeconds * 1000);
    for (const entry of due.values()) next = Math.min(next, entry.stats, entry.logs);
    return Math.max(250, next - now);
  };

  const schedule = (delay: number) => {
    if (isClosed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  };

  function run(): Promise<void> {
    if (round) {
      isAgain = true;
      return round;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    round = sampleRound()
      .then(() => {
        failures = 0;
      })
      .catch((error: unknown) => {
        failures += 1;
        deps.logger.info('monitoring round failed', {
          nodeId,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        round = null;
        // An unreachable node is asked again after a growing pause, not as often as its containers are due.
        const pause =
          failures === 0
            ? 0
            : Math.min(deps.settings().backgroundStatsSeconds * 1000, 1000 * 2 ** Math.min(failures, 6));
        if (isAgain && failures === 0) {
          isAgain = false;
          schedule(0);
        } else schedule(Math.max(pause, nextDelay()));
        isAgain = false;
      });
    return round;
  }

  return {
    start: () => schedule(0),
    /** Makes the deployment's containers (or the node itself) due now and samples at once. */
    refresh(what: { deploymentId?: string; isNode?: boolean } = {}) {
      for (const entry of due.values()) {
        if (what.deploymentId === undefined || entry.deploymentId === what.deploymentId) {
          entry.stats = 0;
          entry.logs = 0;
        }
      }
      if (what.isNode) nodeDue = 0;
      return run();
    },
    /** A container stopped: its last lines are read in the next round, which comes soon. */
    readFinalLogs(containerIds: string[]) {
      for (const id of containerIds) finalLogs.add(id);
      if (!round) schedule(500);
    },
    async close() {
      isClosed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await round;
    },
  };
}

export type NodeSampler = ReturnType<typeof createNodeSampler>;
