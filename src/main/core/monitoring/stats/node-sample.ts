import { shellQuote } from '../../ssh/disk-space';
import type { Sample } from '../store/stats-repository';

/** /proc/stat's first line: jiffies spent busy and in total, over all CPUs. */
export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * One shell command for the node's CPU, memory and disk. With no earlier reading to compare with,
 * /proc/stat is read twice, half a second apart; after that each sample is compared with the last.
 */
export function nodeMetricsCommand(path: string, needsTwoReadings: boolean): string {
  const cpu = 'head -n 1 /proc/stat';
  return [
    cpu,
    ...(needsTwoReadings ? ['sleep 0.5', cpu] : []),
    "grep -E '^(MemTotal|MemAvailable):' /proc/meminfo",
    `df -Pk -- ${shellQuote(path)} | tail -n 1`,
  ].join('; ');
}

export function parseCpuLine(line: string): CpuTimes | null {
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu') return null;
  const values = fields.slice(1, 9).map(Number);
  if (values.length < 4 || values.some((value) => !Number.isFinite(value))) return null;
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** Reads the command's output; CPU is null until there are two readings to compare. */
export function parseNodeMetrics(
  output: string,
  previous: CpuTimes | null,
): { sample: Sample; cpu: CpuTimes | null } {
  const lines = output.split('\n');
  const readings = lines.map(parseCpuLine).filter((times): times is CpuTimes => times !== null);
  const latest = readings.at(-1) ?? null;
  const earlier = readings.length >= 2 ? (readings.at(-2) ?? null) : previous;
  const cpuPercent =
    latest && earlier && latest.total > earlier.total
      ? Math.min(100, Math.max(0, ((latest.busy - earlier.busy) / (latest.total - earlier.total)) * 100))
      : null;

  const kib = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(output);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  };
  const memTotal = kib('MemTotal');
  const memAvailable = kib('MemAvailable');
  const df = lines
    .map((line) => line.trim().split(/\s+/))
    .find(
      (fields) =>
        fields.length >= 6 &&
        /^\d+%$/.test(fields[4] ?? '') &&
        /^\d+$/.test(fields[1] ?? '') &&
        /^\d+$/.test(fields[2] ?? ''),
    );
  return {
    sample: {
      cpuPercent,
      memoryBytes: memTotal !== null && memAvailable !== null ? memTotal - memAvailable : null,
      memoryLimitBytes: memTotal,
      netRxPerSecond: null,
      netTxPerSecond: null,
      blockReadPerSecond: null,
      blockWritePerSecond: null,
      pids: null,
      diskUsedBytes: df ? Number(df[2]) * 1024 : null,
      diskTotalBytes: df ? Number(df[1]) * 1024 : null,
    },
    cpu: latest,
  };
}
