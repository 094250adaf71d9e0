/**
 * Stats through the whole core: a busy container shows real, non-zero CPU and memory from one-shot
 * samples, the node its own CPU, memory and disk; the retention worker rolls samples up and the
 * fleet overview and storage figures read them, all from the local store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-support';

let world: MonitoringWorld;

beforeAll(async () => {
  world = await createMonitoringWorld();
});
afterAll(async () => {
  await world.close();
});

describe('monitoring stats', () => {
  it('samples a busy container and its node, and serves charts, fleet and storage from the store', async () => {
    const id = await world.deploy('busy', {
      spin: { script: 'while :; do :; done' },
      idle: { script: 'exec sleep 3600' },
    });
    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [id], nodeIds: [world.nodeId] });
    // Two samples of each service: a round under load may miss one container, and the usage below counts them all.
    const stats = await world.waitFor('two samples of each service', async () => {
      const answer = await world.t.call('monitoring:stats', { deploymentId: id, range: '1h' });
      const spin = answer.latest.find((s) => s.service === 'spin');
      const sampledTwice = answer.series.length === 2 && answer.series.every((s) => s.points.length >= 2);
      return spin?.cpuPercent && sampledTwice ? answer : null;
    });
    const spin = stats.latest.find((s) => s.service === 'spin')!;
    expect(spin.cpuPercent).toBeGreaterThan(20);
    expect(spin.memoryBytes).toBeGreaterThan(0);
    expect(spin.memoryLimitBytes).toBeGreaterThan(spin.memoryBytes ?? Infinity);
    expect(spin.pids).toBe(1);
    expect(stats.series.map((s) => s.service)).toEqual(['idle', 'spin']);
    expect(stats.series.find((s) => s.service === 'spin')!.points.some((p) => (p.cpuPercent ?? 0) > 20)).toBe(
      true,
    );
    expect(stats.reachability).toMatchObject({ isReachable: true, nodeName: 'rig one' });
    expect(world.pushed('monitoring:sampled').some((e) => e.deploymentIds.includes(id))).toBe(true);

    const node = await world.waitFor('a node sample with CPU', async () => {
      const answer = await world.t.call('monitoring:node-stats', { nodeId: world.nodeId, range: '1h' });
      return answer.latest?.cpuPercent !== null && answer.latest;
    });
    expect(node.cpuPercent).toBeGreaterThan(0);
    expect(node.memoryBytes).toBeGreaterThan(0);
    expect(node.diskTotalBytes).toBeGreaterThan(node.diskUsedBytes ?? Infinity);

    const fleet = await world.t.call('monitoring:fleet', {});
    const entry = fleet.nodes.find((n) => n.nodeId === world.nodeId)!;
    expect(entry.latest?.memoryBytes).toBeGreaterThan(0);
    expect(entry.deployments).toEqual([
      expect.objectContaining({
        id,
        name: 'busy',
        status: 'running',
        containersRunning: 2,
        containersTotal: 2,
      }),
    ]);
    expect(entry.deployments[0]!.cpuPercent).toBeGreaterThan(20);

    await world.t.call('workers:run', { name: 'monitoring-retention' });
    for (const range of ['24h', '7d', '90d'] as const) {
      const answer = await world.t.call('monitoring:stats', { deploymentId: id, range });
      expect(answer.series.find((s) => s.service === 'spin')!.points.length).toBeGreaterThan(0);
    }
    const usage = await world.t.call('monitoring:usage', {});
    expect(usage.totalBytes).toBeGreaterThan(0);
    expect(usage.deployments.find((d) => d.deploymentId === id)?.statSamples).toBeGreaterThanOrEqual(4);
    const cleared = await world.t.call('monitoring:clear', { deploymentId: id });
    expect(cleared.deployments.find((d) => d.deploymentId === id)).toBeUndefined();
  });
});
