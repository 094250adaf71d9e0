import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupStatsCommand, cgroupToDockerStats, isComplete, parseCgroupOutput } from './cgroup-stats';
import { readContainerStats } from './container-sample';

/** Output of `cgroupStatsCommand` on a cgroup v1 engine (cgroupfs driver), two seconds apart. */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const V1_LOGGER = '422ed8db5dd877044a83c4e409eab44479bc134212be680b51dd399f9c492715';
const V1_RESTARTED = '751fc41d4c25defc06b44ab3ffc326be5b225fec3c2da184db87e05ffa044ddc';
const V2 = '7f3c9e0d2b1a4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';

function figures(output: string, id: string) {
  const parsed = parseCgroupOutput(output);
  const found = parsed.containers.get(id);
  if (!found || !parsed.system) throw new Error(`${id} not in the output`);
  return cgroupToDockerStats(found, parsed.system);
}

describe('cgroup stats command', () => {
  it('reads every container in one script, under both drivers, and leaves out what is not an id', () => {
    const command = cgroupStatsCommand([V1_LOGGER, V2, 'abc; rm -rf /']);
    expect(command).toContain(`for id in ${V1_LOGGER} ${V2}; do`);
    expect(command).not.toContain('rm -rf');
    expect(command).toContain('system.slice/docker-$2.scope');
    expect(command).toContain('"$1/docker/$2"');
    expect(command).toContain('/sys/fs/cgroup/cgroup.controllers');
  });

  it('runs in a POSIX shell and ends well when a container is gone', () => {
    const result = spawnSync('/bin/sh', ['-c', cgroupStatsCommand(['c'.repeat(64)])], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const parsed = parseCgroupOutput(result.stdout);
    expect(parsed.system?.onlineCpus).toBeGreaterThan(0);
    expect(parsed.containers.size).toBe(0);
    expect(result.stdout).toContain(`@missing ${'c'.repeat(64)}`);
  });
});

describe('cgroup v1 files', () => {
  const first = fixture('cgroup-v1-first.txt');
  const second = fixture('cgroup-v1-second.txt');

  it('finds the node figures and each container, and marks the missing one as not found', () => {
    const parsed = parseCgroupOutput(first);
    expect(parsed.system).toEqual({
      systemNs: (4328987 + 12060 + 817002 + 4036449 + 27027 + 0 + 16585) * 1e7,
      onlineCpus: 2,
      memTotalBytes: 24683772 * 1024,
    });
    expect([...parsed.containers.keys()]).toEqual([V1_LOGGER, V1_RESTARTED]);
    expect(parsed.containers.has('a'.repeat(64))).toBe(false);
  });

  it('gives the figures docker stats shows: memory less the inactive cache, the set limit, pids', () => {
    const reading = readContainerStats(figures(first, V1_LOGGER), null, 0);
    expect(reading.sample).toMatchObject({
      cpuPercent: null,
      memoryBytes: 33132544 - 31793152,
      memoryLimitBytes: 33554432,
      pids: 1,
    });
    expect(reading.totals).toEqual({ netRxBytes: 946, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0 });
  });

  it('turns two readings into rates, and a restarted container into no CPU figure and a zero rate', () => {
    const before = readContainerStats(figures(first, V1_LOGGER), null, 0);
    const after = readContainerStats(figures(second, V1_LOGGER), before.counters, 2000);
    expect(after.sample.cpuPercent).toBe(0);
    expect(after.sample.netRxPerSecond).toBe(0);

    const restartedBefore = readContainerStats(figures(first, V1_RESTARTED), null, 0);
    const restarted = readContainerStats(figures(second, V1_RESTARTED), restartedBefore.counters, 2000);
    expect(restarted.sample.cpuPercent).toBeNull();
    expect(restarted.sample.netRxPerSecond).toBe(0);
    expect(restarted.sample.memoryBytes).toBe(782336);
  });
});

describe('cgroup v2 files', () => {
  const first = fixture('cgroup-v2.txt');

  it('reads usage_usec, memory.current less inactive_file, the node memory as an unset limit, io.stat', () => {
    const reading = readContainerStats(figures(first, V2), null, 0);
    expect(reading.sample).toMatchObject({
      memoryBytes: 33132544 - 1132544,
      memoryLimitBytes: 24683772 * 1024,
      pids: 4,
    });
    expect(reading.totals).toEqual({
      netRxBytes: 9000,
      netTxBytes: 3000,
      blockReadBytes: 1048576 + 4096,
      blockWriteBytes: 4096 + 8192,
    });
    expect(parseCgroupOutput(first).containers.size).toBe(1);
  });

  it('counts a container whose network counters could not be read as not readable this way', () => {
    const found = parseCgroupOutput(first).containers.get(V2)!;
    expect(isComplete(found)).toBe(true);
    found.files.delete('net');
    expect(isComplete(found)).toBe(false);
  });

  it('computes CPU as a share of one core, as docker stats does: one busy second of two CPUs is 100 %', () => {
    const second = first
      .replace('usage_usec 51750605', 'usage_usec 52750605')
      .replace('cpu  4328987', 'cpu  4329187')
      .replace('eth0:    9000', 'eth0:   11000');
    const before = readContainerStats(figures(first, V2), null, 0);
    const after = readContainerStats(figures(second, V2), before.counters, 1000);
    expect(after.sample.cpuPercent).toBeCloseTo(100);
    expect(after.sample.netRxPerSecond).toBe(2000);
  });
});
