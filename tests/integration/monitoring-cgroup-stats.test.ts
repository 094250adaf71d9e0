/**
 * Container stats read from the cgroup files in one exec per node and round: the same figures as
 * the stats API gives for a busy and an idle container read over the same seconds, and the core's
 * own rounds make one exec for all containers and no stats request. Counted through a wrapper
 * around the core's real node connection and its Docker client's requests to the engine.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { readCgroupStats } from '../../src/main/core/monitoring/sampling/cgroup-way';
import { readContainerStats, type DockerStats } from '../../src/main/core/monitoring/stats/container-sample';
import {
  countNodeRequests,
  createMonitoringWorld,
  type MonitoringWorld,
  type NodeRequests,
} from './monitoring-support';

let world: MonitoringWorld;
let requests: NodeRequests = { commands: [], engineRequests: [] };

beforeAll(async () => {
  world = await createMonitoringWorld();
  requests = await countNodeRequests(world);
});
afterAll(async () => {
  await world.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isCgroupRead = (command: string) => command.includes('/sys/fs/cgroup');
const isStatsRequest = (path: string) => /^\/containers\/[^/]+\/stats/.test(path);

describe('container stats from cgroup files', () => {
  it('match the stats API figures for a busy and an idle container, in one exec per round', async () => {
    const id = await world.deploy('cgroup', {
      spin: { script: 'while :; do :; done' },
      idle: { script: 'exec sleep 3600' },
    });
    const engine = new Docker({ socketPath: world.rig.dockerSocket });
    const containers = await engine.listContainers({ filters: { label: [`${labels.deployment}=${id}`] } });
    expect(containers).toHaveLength(2);
    const ids = containers.map((c) => c.Id);
    const serviceOf = (containerId: string) =>
      containers.find((c) => c.Id === containerId)?.Labels[labels.service] ?? containerId;

    // Both ways at the same moment, so the two windows they measure CPU over are the same one.
    const readBoth = async () => {
      const [answers, cgroup] = await Promise.all([
        Promise.all(
          ids.map((containerId) =>
            engine.getContainer(containerId).stats({ stream: false, 'one-shot': true } as {
              stream: false;
            }),
          ),
        ),
        readCgroupStats(world.t.core.nodeConnections, world.nodeId, ids, AbortSignal.timeout(10_000)),
      ]);
      const api = new Map<string, DockerStats>(ids.map((containerId, i) => [containerId, answers[i]!]));
      return { api, cgroup, at: Date.now() };
    };
    const first = await readBoth();
    await sleep(3000);
    const second = await readBoth();

    expect(second.cgroup?.size).toBe(2);
    for (const containerId of ids) {
      const figures = (way: 'api' | 'cgroup') => {
        const before = readContainerStats(first[way]!.get(containerId)!, null, first.at);
        return readContainerStats(second[way]!.get(containerId)!, before.counters, second.at).sample;
      };
      const api = figures('api');
      const cgroup = figures('cgroup');
      const what = `${serviceOf(containerId)}: api ${JSON.stringify(api)} cgroup ${JSON.stringify(cgroup)}`;
      expect(Math.abs((cgroup.cpuPercent ?? -100) - (api.cpuPercent ?? 100)), what).toBeLessThan(5);
      expect(Math.abs((cgroup.memoryBytes ?? 0) - (api.memoryBytes ?? 0)), what).toBeLessThanOrEqual(
        (api.memoryBytes ?? 0) * 0.05,
      );
      expect(cgroup.memoryLimitBytes, what).toBe(api.memoryLimitBytes);
      expect(cgroup.pids, what).toBe(api.pids);
      // An idle container still hears the bridge's broadcasts: a few dozen bytes a second either way.
      expect(
        Math.abs((cgroup.netRxPerSecond ?? -1000) - (api.netRxPerSecond ?? 1000)),
        what,
      ).toBeLessThanOrEqual(Math.max(200, (api.netRxPerSecond ?? 0) * 0.1));
    }
    const spin = ids.find((containerId) => serviceOf(containerId) === 'spin')!;
    const spinStats = readContainerStats(second.cgroup!.get(spin)!, null, 0);
    expect(spinStats.sample.pids).toBe(1);

    // The core's own rounds: focused, so the two containers are due every 2 s.
    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [id], nodeIds: [] });
    const execsBefore = requests.commands.filter(isCgroupRead).length;
    const sampledBefore = world
      .pushed('monitoring:sampled')
      .filter((e) => e.deploymentIds.includes(id)).length;
    await world.waitFor('three rounds that sampled the deployment', () => {
      const sampled = world.pushed('monitoring:sampled').filter((e) => e.deploymentIds.includes(id)).length;
      return sampled - sampledBefore >= 3;
    });
    const rounds =
      world.pushed('monitoring:sampled').filter((e) => e.deploymentIds.includes(id)).length - sampledBefore;
    const execs = requests.commands.filter(isCgroupRead).length - execsBefore;
    expect(execs).toBeGreaterThanOrEqual(rounds);
    expect(execs).toBeLessThanOrEqual(rounds + 1);
    expect(requests.engineRequests.filter(isStatsRequest)).toEqual([]);
    expect(world.t.transcript()).toContain('"way":"cgroup"');

    const answer = await world.t.call('monitoring:stats', { deploymentId: id, range: '1h' });
    const latest = answer.latest.find((s) => s.service === 'spin');
    expect(latest?.cpuPercent).toBeGreaterThan(20);
    expect(latest?.pids).toBe(1);
  });
});
