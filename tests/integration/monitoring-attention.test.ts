/**
 * Sampling that follows attention and battery, through the whole core on the rig: on battery with
 * "pause stats" chosen, a deployment not on screen gets no new stats samples but its logs are still
 * collected; what is on screen is still sampled; back on mains its stats resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttentionPort } from '../../src/main/core/monitoring';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-support';

const machine = { isOnBattery: true };
const attention: AttentionPort = { isOnBattery: () => machine.isOnBattery, windowHiddenSince: () => null };
let world: MonitoringWorld;

beforeAll(async () => {
  world = await createMonitoringWorld({ attention });
});
afterAll(async () => {
  await world.close();
});

const statPoints = async (deploymentId: string) => {
  const answer = await world.t.call('monitoring:stats', { deploymentId, range: '1h' });
  return answer.series.reduce((sum, series) => sum + series.points.length, 0);
};
const logCount = async (deploymentId: string) =>
  (await world.t.call('monitoring:logs', { deploymentId, offset: 0, limit: 2000 })).total ?? 0;

describe('monitoring attention', () => {
  it('pauses background stats on battery but keeps logs and on-screen stats, and resumes on mains', async () => {
    await world.t.call('settings:update', { monitoring: { awaySampling: 'paused' } });
    expect(await world.t.call('sampling:rate', {})).toMatchObject({
      isAway: true,
      isOnBattery: true,
      onScreenSeconds: 2,
      restSeconds: null,
      restLogsSeconds: 10,
    });
    const id = await world.deploy('away', { talk: { script: 'while :; do echo tick; sleep 1; done' } });
    // Samples taken while it was deploying stay; after a round or two it is in the background, on battery.
    for (let round = 0; round < 2; round += 1) await world.t.call('monitoring:refresh', { deploymentId: id });
    const before = await statPoints(id);
    const logsBefore = await logCount(id);
    await world.waitFor('new log lines while stats are paused', async () => {
      await world.t.call('monitoring:refresh', { deploymentId: id });
      return (await logCount(id)) > logsBefore + 2;
    });
    expect(await statPoints(id)).toBe(before);

    await world.t.call('monitoring:focus', { viewId: 'attention', deploymentIds: [id], nodeIds: [] });
    await world.waitFor('a stats sample of what is on screen', async () => (await statPoints(id)) > before);
    await world.t.call('monitoring:focus', { viewId: 'attention', deploymentIds: [], nodeIds: [] });

    machine.isOnBattery = false;
    expect(await world.t.call('sampling:rate', {})).toMatchObject({ isAway: false, restSeconds: 15 });
    const onMains = await statPoints(id);
    await world.waitFor('background stats again on mains', async () => {
      await world.t.call('monitoring:refresh', { deploymentId: id });
      return (await statPoints(id)) > onMains;
    });
    // Gone before the next test counts quiet containers: a logger is woken at each read, but quiet in between.
    const { jobId } = await world.t.call('deployments:delete', { id, deleteData: true });
    await world.waitFor('the delete', async () => {
      const job = await world.t.call('jobs:get', { id: jobId });
      return job.status !== 'running' && job.status !== 'queued';
    });
  });

  it('counts a silent, idle container as quiet in the background and wakes it when it comes on screen', async () => {
    const id = await world.deploy('quiet', { rest: { script: 'exec sleep 3600' } });
    const rate = await world.waitFor('the idle container counted as quiet', async () => {
      await world.t.call('monitoring:refresh', { deploymentId: id });
      const answer = await world.t.call('sampling:rate', {});
      return answer.quietContainers > 0 && answer;
    });
    expect(rate).toMatchObject({ quietContainers: 1, quietCeilingSeconds: 300 });
    await world.t.call('monitoring:focus', { viewId: 'quiet', deploymentIds: [id], nodeIds: [] });
    await world.waitFor('the container awake on screen', async () => {
      await world.t.call('monitoring:refresh', { deploymentId: id });
      return (await world.t.call('sampling:rate', {})).quietContainers === 0;
    });
    await world.t.call('monitoring:focus', { viewId: 'quiet', deploymentIds: [], nodeIds: [] });
  });

  it('refuses an unknown away choice with what to pick, and keeps the stored one', async () => {
    const error = await world.t.fail('settings:update', { monitoring: { awaySampling: 'sometimes' as 'paused' } });
    expect(error.message).toMatch(/normal|slower|paused/);
    expect((await world.t.call('settings:get', {})).monitoring.awaySampling).toBe('paused');
  });
});
