import type { Sample } from '../store/stats-repository';

/** The part of Docker's `GET /containers/{id}/stats` answer we read (cgroup v1 and v2 shapes). */
export interface DockerStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number | undefined> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

/** Running totals of one container, kept between samples to turn them into rates. */
export interface Counters {
  at: number;
  cpuTotal: number;
  systemTotal: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
}

export interface ContainerReading {
  sample: Sample;
  counters: Counters;
  totals: { netRxBytes: number; netTxBytes: number; blockReadBytes: number; blockWriteBytes: number };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
/** A counter that went down means the container restarted: the rate starts again from zero. */
const rate = (now: number, before: number, seconds: number) =>
  seconds > 0 ? Math.max(0, now - before) / seconds : null;

/**
 * A single sample (`one-shot`, so the engine does not wait a second for a second reading) turned
 * into the numbers `docker stats` shows. CPU needs two readings: the engine's `precpu` when it
 * sent one, else our previous sample of the same container.
 */
export function readContainerStats(
  stats: DockerStats,
  previous: Counters | null,
  at: number,
): ContainerReading {
  const cpuTotal = stats.cpu_stats?.cpu_usage?.total_usage ?? 0;
  const systemTotal = stats.cpu_stats?.system_cpu_usage ?? 0;
  const cpus = stats.cpu_stats?.online_cpus ?? 1;
  const pre = stats.precpu_stats;
  const base = pre?.system_cpu_usage
    ? { cpu: pre.cpu_usage?.total_usage ?? 0, system: pre.system_cpu_usage }
    : previous
      ? { cpu: previous.cpuTotal, system: previous.systemTotal }
      : null;
  const cpuDelta = base ? cpuTotal - base.cpu : 0;
  const systemDelta = base ? systemTotal - base.system : 0;
  const cpuPercent = base && systemDelta > 0 && cpuDelta >= 0 ? (cpuDelta / systemDelta) * cpus * 100 : null;

  const memory = stats.memory_stats;
  const inactive = memory?.stats?.total_inactive_file ?? memory?.stats?.inactive_file ?? 0;
  const usage = memory?.usage;
  const memoryBytes = usage === undefined ? null : inactive < usage ? usage - inactive : usage;

  const networks = Object.values(stats.networks ?? {});
  const netRx = sum(networks.map((n) => n.rx_bytes ?? 0));
  const netTx = sum(networks.map((n) => n.tx_bytes ?? 0));
  const io = stats.blkio_stats?.io_service_bytes_recursive ?? [];
  const blockRead = sum(
    io.filter((entry) => entry.op?.toLowerCase() === 'read').map((entry) => entry.value ?? 0),
  );
  const blockWrite = sum(
    io.filter((entry) => entry.op?.toLowerCase() === 'write').map((entry) => entry.value ?? 0),
  );

  const seconds = previous ? (at - previous.at) / 1000 : 0;
  return {
    sample: {
      cpuPercent,
      memoryBytes,
      memoryLimitBytes: memory?.limit ?? null,
      netRxPerSecond: previous ? rate(netRx, previous.netRx, seconds) : null,
      netTxPerSecond: previous ? rate(netTx, previous.netTx, seconds) : null,
      blockReadPerSecond: previous ? rate(blockRead, previous.blockRead, seconds) : null,
      blockWritePerSecond: previous ? rate(blockWrite, previous.blockWrite, seconds) : null,
      pids: stats.pids_stats?.current ?? null,
      diskUsedBytes: null,
      diskTotalBytes: null,
    },
    counters: { at, cpuTotal, systemTotal, netRx, netTx, blockRead, blockWrite },
    totals: { netRxBytes: netRx, netTxBytes: netTx, blockReadBytes: blockRead, blockWriteBytes: blockWrite },
  };
}
