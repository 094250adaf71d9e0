import type { NodeConnections } from '../../ssh/node-connections';
import {
  cgroupStatsCommand,
  cgroupToDockerStats,
  isComplete,
  parseCgroupOutput,
} from '../stats/cgroup-stats';
import { readContainerStats, type DockerStats } from '../stats/container-sample';
import type { Sample } from '../store/stats-repository';
import type { LogCheck } from './log-files';
import type { NodeSamplerDeps } from './node-sampler';
import type { SamplerState, StatsWork } from './sample-round';

/** How a node's container stats are read: its cgroup files in one exec, or the stats API per container. */
export type StatsWay = 'cgroup' | 'api';

export type StatsRows = { seriesId: number; at: number; sample: Sample }[];

/** The part of a node sampler that reads and records container stats. */
export interface StatsContext {
  deps: Pick<
    NodeSamplerDeps,
    'nodeId' | 'connections' | 'stats' | 'containers' | 'clock' | 'logger' | 'pace'
  >;
  state: Pick<SamplerState, 'counters' | 'statsWay' | 'due'>;
}

/**
 * Reads the cgroup files of all the given containers through one exec over the node's connection,
 * in the shape of the stats API's answer. A container whose cgroup was not found is absent; null
 * when the node cannot be read this way at all (no /proc, a shell that failed).
 */
export async function readCgroupStats(
  connections: Pick<NodeConnections, 'exec'>,
  nodeId: string,
  containerIds: readonly string[],
  signal: AbortSignal,
  logCheck: LogCheck | null = null,
): Promise<Map<string, DockerStats> | null> {
  const command = cgroupStatsCommand(containerIds);
  const result = await connections.exec(nodeId, logCheck ? `${logCheck.script}\n${command}` : command, {
    signal,
    repeated: true,
  });
  if (logCheck) logCheck.stdout = result.stdout;
  const parsed = parseCgroupOutput(result.stdout);
  const system = parsed.system;
  if (result.code !== 0 || !system) return null;
  const complete = [...parsed.containers].filter(([, found]) => isComplete(found));
  return new Map(complete.map(([id, found]) => [id, cgroupToDockerStats(found, system)]));
}

/** Turns one container's answer into its sample, kept for the next rate and stored with the others. */
export function recordStats(
  { deps, state }: StatsContext,
  item: StatsWork,
  stats: DockerStats,
  rows: StatsRows,
) {
  const at = deps.clock.now().getTime();
  const reading = readContainerStats(stats, state.counters.get(item.id) ?? null, at);
  state.counters.set(item.id, reading.counters);
  deps.pace.observed(item.id, reading.sample, state.due.get(item.id), at);
  rows.push({
    seriesId: deps.stats.seriesId({
      nodeId: deps.nodeId,
      deploymentId: item.deploymentId,
      service: item.service,
    }),
    at,
    sample: reading.sample,
  });
  deps.containers.setLatestStats(item.id, JSON.stringify({ at, ...reading.sample, ...reading.totals }));
}

/**
 * Samples what it can from the cgroup files in one exec and returns the rest for the stats API:
 * containers whose cgroup was not found (just started, another runtime), or all of them on a node
 * where the files cannot be read (rootless Docker, Podman), which is then asked the API way only.
 */
export async function sampleByCgroup(
  ctx: StatsContext,
  work: StatsWork[],
  signal: AbortSignal,
  rows: StatsRows,
  logCheck: LogCheck | null = null,
): Promise<StatsWork[]> {
  const { deps, state } = ctx;
  if (state.statsWay === 'api' || work.length === 0) return work;
  let read: Map<string, DockerStats> | null;
  try {
    read = await readCgroupStats(
      deps.connections,
      deps.nodeId,
      work.map((item) => item.id),
      signal,
      logCheck,
    );
  } catch (error) {
    // A dropped connection says nothing of the node: the way is decided on a later round.
    if (signal.aborted) throw error;
    deps.logger.info('monitoring could not read cgroup files', { nodeId: deps.nodeId, error: String(error) });
    return work;
  }
  if (state.statsWay === undefined) {
    state.statsWay = read && read.size > 0 ? 'cgroup' : 'api';
    deps.logger.info('monitoring reads container stats', { nodeId: deps.nodeId, way: state.statsWay });
  }
  const rest: StatsWork[] = [];
  for (const item of work) {
    const stats = read?.get(item.id);
    if (stats) recordStats(ctx, item, stats, rows);
    else rest.push(item);
  }
  return rest;
}
