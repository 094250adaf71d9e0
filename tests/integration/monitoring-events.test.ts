/**
 * Docker events through the whole core: a container that exits non-zero again and again is recorded
 * death by death with its exit code, turns its deployment `degraded` and raises an alert. With the
 * node's sshd stopped, a node-offline alert is raised; what happened meanwhile, pushed out of the
 * engine's 256-event replay, is recovered by inspecting the containers after the reconnect. A
 * failing healthcheck degrades a deployment until it passes again, and its alert is then resolved.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-support';

let world: MonitoringWorld;
let docker: Docker;
let noise: Docker.Container | null = null;
let crashy = '';

const events = async (deploymentId: string) =>
  (await world.t.call('monitoring:events', { deploymentId, limit: 500 })).events;
const restartCount = async () => {
  const [container] = await docker.listContainers({
    all: true,
    filters: { label: [`${labels.deployment}=${crashy}`] },
  });
  return container ? (await docker.getContainer(container.Id).inspect()).RestartCount : 0;
};

beforeAll(async () => {
  world = await createMonitoringWorld();
  docker = new Docker({ socketPath: world.rig.dockerSocket });
});
afterAll(async () => {
  await noise?.remove({ force: true });
  await world.close();
});

describe('monitoring events', () => {
  it('records each death with its exit code, turns a crash-looping deployment degraded and raises an alert', async () => {
    crashy = await world.deploy('crashy', {
      app: { script: 'echo up; sleep 3; echo "giving up" >&2; exit 3' },
    });
    const alert = await world.waitFor(
      'a crash-loop alert',
      () => world.pushed('alerts:raised').find((a) => a.deploymentId === crashy && a.kind === 'crash-loop'),
      45_000,
    );
    expect(alert.title).toBe('crashy is crash-looping');
    expect(alert.message).toMatch(/exited with code 3/);
    expect((await world.t.call('deployments:get', { id: crashy })).status).toBe('degraded');
    const deaths = (await events(crashy)).filter((e) => e.kind === 'die');
    expect(deaths.length).toBeGreaterThanOrEqual(3);
    expect(
      deaths.every(
        (e) => e.exitCode === 3 && e.severity === 'error' && e.source === 'docker' && e.service === 'app',
      ),
    ).toBe(true);
    const lifecycle = (await events(crashy)).filter((e) => e.source === 'app').map((e) => e.message);
    expect(lifecycle.some((m) => m.startsWith('running → degraded'))).toBe(true);
    expect((await world.t.call('alerts:list', {})).map((a) => a.id)).toContain(alert.id);
    const overview = await world.t.call('monitoring:overview', { deploymentId: crashy });
    expect(overview.alerts.map((a) => a.kind)).toEqual(['crash-loop']);
  });

  it('raises a node-offline alert and recovers restarts the engine no longer replays after the reconnect', async () => {
    await world.node('stop');
    const offline = await world.waitFor('a node-offline alert', () =>
      world.pushed('alerts:raised').find((a) => a.kind === 'node-offline'),
    );
    expect(offline.title).toBe('rig one is offline');
    const before = await restartCount();
    await world.waitFor(
      'a restart while nobody watches',
      async () => (await restartCount()) > before,
      30_000,
    );
    const missed = await restartCount();
    // More events than the engine keeps, so its replay after the reconnect no longer holds those restarts.
    noise = await docker.createContainer({ Image: world.rig.images.local, Cmd: ['sleep', '600'] });
    await noise.start();
    for (let i = 0; i < 300; i += 1) await noise.kill({ signal: 'SIGWINCH' });
    await world.node('start');

    const resolved = await world.waitFor('the node-offline alert resolved', () =>
      world.pushed('alerts:resolved').find((a) => a.id === offline.id),
    );
    expect(resolved.resolvedAt).not.toBeNull();
    const recovered = await world.waitFor('restarts recovered by inspection', async () =>
      (await events(crashy)).find((e) => e.source === 'recovery' && e.kind === 'restart'),
    );
    expect(recovered.message).toMatch(
      new RegExp(`^app restarted \\d+ times? while the node was not watched`),
    );
    const counted = Number(/restarted (\d+)/.exec(recovered.message)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(missed - before);
    const nodeEvents = (await events(crashy)).filter((e) => e.kind === 'node').map((e) => e.message);
    expect(nodeEvents.some((m) => m.startsWith('rig one went offline'))).toBe(true);
    expect(nodeEvents).toContain('rig one is back online');
  });

  it('degrades a deployment while its healthcheck fails and brings it back, resolving the alert, once it passes', async () => {
    const id = await world.deploy('flaky', {
      web: {
        script: 'sleep 6; touch /tmp/broken; sleep 6; rm /tmp/broken; exec sleep 3600',
        healthcheck: 'test ! -f /tmp/broken',
      },
    });
    expect((await world.t.call('deployments:get', { id })).status).toBe('running');
    const alert = await world.waitFor('an unhealthy alert', () =>
      world.pushed('alerts:raised').find((a) => a.deploymentId === id && a.kind === 'unhealthy'),
    );
    expect(alert.message).toBe('web is failing its healthcheck');
    expect((await world.t.call('deployments:get', { id })).status).toBe('degraded');
    await world.waitFor('the alert resolved', () =>
      world.pushed('alerts:resolved').find((a) => a.id === alert.id),
    );
    expect((await world.t.call('deployments:get', { id })).status).toBe('running');
    const kinds = (await events(id)).filter((e) => e.kind === 'health_status').map((e) => e.message);
    expect(kinds).toEqual(['web is healthy', 'web is failing its healthcheck', 'web is healthy']);
  });
});
