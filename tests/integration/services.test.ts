/**
 * One service of a running deployment restarted, stopped and started through the whole core (a
 * started core: monitoring watches the node's Docker events). A restart touches that service's
 * container only; a stopped service leaves the deployment running for monitoring and for the
 * settler alike, stays down until the user starts it, and a start of the whole app brings it back.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLE_WORKER } from '../../src/main/core/deployments/deployments-feature';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-support';

let world: MonitoringWorld;
let docker: Docker;
let id = '';
const NAME = `svc-${randomBytes(3).toString('hex')}`;
// `sleep` as PID 1 ignores SIGTERM: a stop kills it after the grace period, exit code 137, as a crash would end.
const SLEEPER = { script: 'echo up; exec sleep 3600' };

const startedAt = async (service: string) => {
  const [container] = await docker.listContainers({
    all: true,
    filters: { label: [`${labels.deployment}=${id}`, `${labels.service}=${service}`] },
  });
  if (!container) throw new Error(`${service} has no container`);
  const { State } = await docker.getContainer(container.Id).inspect();
  return { startedAt: State.StartedAt, running: State.Running };
};
const serviceState = async (service: string) =>
  (await world.t.call('services:list', { id })).find((s) => s.service === service);
const run = async (method: 'services:restart' | 'services:stop' | 'services:start', service: string) => {
  await world.t.call(method, { id, service });
  await world.t.core.jobs.settled();
};
const detail = () => world.t.call('deployments:get', { id });

beforeAll(async () => {
  world = await createMonitoringWorld();
  docker = new Docker({ socketPath: world.rig.dockerSocket });
  id = await world.deploy(NAME, { web: SLEEPER, worker: SLEEPER });
  expect((await detail()).status).toBe('running');
});
afterAll(async () => {
  await world.close();
});

describe('per-service control', () => {
  it('lists each service with its state and image', async () => {
    const services = await world.t.call('services:list', { id });
    expect(services.map((s) => [s.service, s.state, s.isStoppedByUser])).toEqual([
      ['web', 'running', false],
      ['worker', 'running', false],
    ]);
    expect(services[0]?.image).toBe(world.rig.images.local);
  });

  it('restarts one service: its container starts again, the other does not', async () => {
    const web = await startedAt('web');
    const worker = await startedAt('worker');
    await run('services:restart', 'web');
    expect((await startedAt('web')).startedAt).not.toBe(web.startedAt);
    expect(await startedAt('worker')).toEqual(worker);
    expect((await detail()).transitions[0]?.cause).toBe('web restarted');
  });

  it('stops one service and keeps the deployment running for monitoring and the settler', async () => {
    await run('services:stop', 'worker');
    expect((await startedAt('worker')).running).toBe(false);
    expect(await serviceState('worker')).toMatchObject({ state: 'exited', isStoppedByUser: true });
    // Monitoring has seen the death (a non-zero exit, judged a failure were the service not held).
    await world.waitFor('the worker death in monitoring', async () => {
      const { events } = await world.t.call('monitoring:events', { deploymentId: id });
      return events.some((e) => e.service === 'worker' && e.exitCode !== null && e.exitCode !== 0);
    });
    // Two observations: a change of status needs the same answer twice.
    await world.t.call('workers:run', { name: SETTLE_WORKER });
    await world.t.call('workers:run', { name: SETTLE_WORKER });
    const after = await detail();
    expect(after.status).toBe('running');
    expect(after.transitions[0]?.cause).toBe('worker stopped by the user');
    expect(world.pushed('alerts:raised').filter((a) => a.deploymentId === id).map((a) => a.message)).toEqual([]);
  });

  it('refuses to stop the last service still up', async () => {
    const refused = await world.t.fail('services:stop', { id, service: 'web' });
    expect(refused).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('stop the app instead') as string,
    });
    expect((await startedAt('web')).running).toBe(true);
  });

  it('starts the stopped service again', async () => {
    await run('services:start', 'worker');
    expect((await startedAt('worker')).running).toBe(true);
    expect(await serviceState('worker')).toMatchObject({ state: 'running', isStoppedByUser: false });
    expect((await detail()).status).toBe('running');
  });

  it('brings a stopped service back with a restart of the whole app', async () => {
    await run('services:stop', 'worker');
    await world.t.call('deployments:restart', { id });
    await world.t.core.jobs.settled();
    expect((await startedAt('worker')).running).toBe(true);
    expect(await serviceState('worker')).toMatchObject({ state: 'running', isStoppedByUser: false });
    expect((await detail()).status).toBe('running');
  });
});
