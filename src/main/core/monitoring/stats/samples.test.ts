import { describe, expect, it } from 'vitest';
import { readContainerStats, type DockerStats } from './container-sample';
import { nodeMetricsCommand, parseNodeMetrics } from './node-sample';

const oneShot = (cpu: number, system: number, extra: Partial<DockerStats> = {}): DockerStats => ({
  cpu_stats: { cpu_usage: { total_usage: cpu }, system_cpu_usage: system, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 },
  memory_stats: { usage: 10_000_000, limit: 1_000_000_000, stats: { total_inactive_file: 2_000_000 } },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 500 }, eth1: { rx_bytes: 1000, tx_bytes: 0 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'Read', value: 4096 },
      { op: 'Write', value: 8192 },
    ],
  },
  pids_stats: { current: 3 },
  ...extra,
});

describe('container samples', () => {
  it('needs two one-shot readings for CPU and computes it as docker stats does', () => {
    const first = readContainerStats(oneShot(1e9, 100e9), null, 0);
    expect(first.sample.cpuPercent).toBeNull();
    expect(first.sample.memoryBytes).toBe(8_000_000);
    expect(first.totals).toEqual({
      netRxBytes: 2000,
      netTxBytes: 500,
      blockReadBytes: 4096,
      blockWriteBytes: 8192,
    });
    const second = readContainerStats(
      oneShot(1.5e9, 102e9, { networks: { eth0: { rx_bytes: 3000, tx_bytes: 1500 } } }),
      first.counters,
      2000,
    );
    expect(second.sample.cpuPercent).toBeCloseTo(50);
    expect(second.sample.netRxPerSecond).toBe(500);
    expect(second.sample.netTxPerSecond).toBe(500);
    expect(second.sample.pids).toBe(3);
  });

  it('uses the engine precpu when it sent one, and treats a counter reset as zero', () => {
    const stats = oneShot(3e9, 200e9, {
      precpu_stats: { cpu_usage: { total_usage: 2e9 }, system_cpu_usage: 198e9 },
    });
    const reading = readContainerStats(
      stats,
      { at: 0, cpuTotal: 0, systemTotal: 0, netRx: 1e9, netTx: 1e9, blockRead: 0, blockWrite: 0 },
      1000,
    );
    expect(reading.sample.cpuPercent).toBeCloseTo(100);
    expect(reading.sample.netRxPerSecond).toBe(0);
  });
});

describe('node samples', () => {
  const output = (cpuLines: string[]) =>
    [
      ...cpuLines,
      'MemTotal:       16000000 kB',
      'MemAvailable:    4000000 kB',
      '/dev/sda1  100000000  25000000  75000000  25% /',
    ].join('\n');

  it('reads CPU from two /proc/stat readings, memory from meminfo, disk from df', () => {
    const { sample, cpu } = parseNodeMetrics(
      output(['cpu  100 0 100 800 0 0 0 0 0 0', 'cpu  200 0 200 1400 0 0 0 0 0 0']),
      null,
    );
    expect(sample.cpuPercent).toBeCloseTo(25);
    expect(sample.memoryBytes).toBe(12_000_000 * 1024);
    expect(sample.memoryLimitBytes).toBe(16_000_000 * 1024);
    expect(sample.diskUsedBytes).toBe(25_000_000 * 1024);
    expect(sample.diskTotalBytes).toBe(100_000_000 * 1024);
    expect(cpu).toEqual({ busy: 400, total: 1800 });
  });

  it('compares one reading with the previous sample', () => {
    const { sample } = parseNodeMetrics(output(['cpu  300 0 300 1500 100 0 0 0 0 0']), {
      busy: 400,
      total: 1800,
    });
    expect(sample.cpuPercent).toBeCloseTo(50);
    expect(nodeMetricsCommand("/var/lib/it's", true)).toContain("df -Pk -- '/var/lib/it'\\''s'");
  });
});
