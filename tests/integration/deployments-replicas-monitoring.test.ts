/**
 * Monitoring with replicas: once a service runs two copies, each copy is sampled into a series of
 * its own (`app`, `app #2`), not two containers' figures written over each other in one; the
 * latest figures list both containers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-support';

let world: MonitoringWorld;

beforeAll(async () => {
  world = await createMonitoringWorld();
}, 60_000);

afterAll(async () => {
  await world.close();
});

describe('monitoring a scaled service', () => {
  it('samples each copy into its own series', async () => {
    const id = await world.deploy(`scaled-${randomBytes(3).toString('hex')}`, {
      app: { script: 'exec sleep 3600' },
    });
    await world.t.call('deployments:apply-settings', {
      id,
      settings: { services: { app: { replicas: 2 } } },
    });
    await world.waitFor(
      'the scaled revision running',
      async () => {
        const detail = await world.t.call('deployments:get', { id });
        return detail.status === 'running' && detail.revisions.length === 2 && detail.activeJobId === null;
      },
      60_000,
    );
    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [id], nodeIds: [world.nodeId] });
    const stats = await world.waitFor('a sample of each copy', async () => {
      const answer = await world.t.call('monitoring:stats', { deploymentId: id, range: '1h' });
      return answer.latest.length === 2 && answer.series.length === 2 ? answer : null;
    });
    expect(stats.series.map((s) => s.service)).toEqual(['app', 'app #2']);
    // The latest figures are per container: both copies, told apart by container id.
    expect(stats.latest.map((s) => s.service)).toEqual(['app', 'app']);
    expect(new Set(stats.latest.map((s) => s.containerId)).size).toBe(2);
  }, 120_000);
});
