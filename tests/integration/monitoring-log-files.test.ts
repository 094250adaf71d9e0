/**
 * New log lines only from the containers that wrote: each round's exec prints the size of every due
 * container's log file, and a file as it was at the last read is not asked for lines. A quiet
 * container gets no log request while a writing one does, and the lines stored are every line
 * written, once each, as when every container was asked. Counted through a wrapper around the
 * core's real node connection and its Docker client's requests to the engine.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
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

const logRequestsOf = (containerId: string) =>
  requests.engineRequests.filter((path) => path.startsWith(`/containers/${containerId}/logs`)).length;
const checksOf = (containerId: string) =>
  requests.commands.filter((command) => command.includes('logmark') && command.includes(containerId)).length;

describe('log lines only from containers that wrote', () => {
  it('asks a writing container for lines and a quiet one not, and stores every line once', async () => {
    const id = await world.deploy('logfiles', {
      quiet: { script: 'echo hello; echo ready; exec sleep 3600' },
      writer: { script: 'i=0; while :; do i=$$((i+1)); echo "tick $$i"; sleep 0.5; done' },
    });
    const engine = new Docker({ socketPath: world.rig.dockerSocket });
    const listed = await engine.listContainers({ filters: { label: [`${labels.deployment}=${id}`] } });
    const idOf = (service: string) => listed.find((c) => c.Labels[labels.service] === service)!.Id;
    const quiet = idOf('quiet');
    const writer = idOf('writer');

    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [id], nodeIds: [] });
    const page = () => world.t.call('monitoring:logs', { deploymentId: id, offset: 0, limit: 2000 });
    await world.waitFor('the quiet service lines', async () =>
      (await page()).lines.some((line) => line.text === 'ready'),
    );
    await world.waitFor('a check of the quiet file after its lines were read', () => checksOf(quiet) >= 2);

    const quietBefore = logRequestsOf(quiet);
    const writerBefore = logRequestsOf(writer);
    const checksBefore = checksOf(quiet);
    await world.waitFor(
      'three more checks of the quiet container',
      () => checksOf(quiet) - checksBefore >= 3,
    );
    expect(logRequestsOf(quiet) - quietBefore).toBe(0);
    expect(logRequestsOf(writer) - writerBefore).toBeGreaterThanOrEqual(2);
    expect(world.t.transcript()).toContain('"way":"file"');
    expect(
      requests.commands.some((command) => command.includes('logmark') && command.includes('/sys/fs/cgroup')),
    ).toBe(true);

    const lines = (await page()).lines;
    expect(lines.filter((line) => line.service === 'quiet').map((line) => line.text)).toEqual([
      'hello',
      'ready',
    ]);
    const ticks = lines.filter((line) => line.service === 'writer').map((line) => line.text);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => `tick ${i + 1}`));
  });

  it('still reads the last lines of a quiet container that is stopped', async () => {
    const id = await world.deploy('parting', {
      parting: { script: "echo hello; trap 'echo goodbye; exit 0' TERM; sleep 3600 & wait" },
      staying: { script: 'exec sleep 3600' },
    });
    const engine = new Docker({ socketPath: world.rig.dockerSocket });
    const listed = await engine.listContainers({ filters: { label: [`${labels.deployment}=${id}`] } });
    const container = listed.find((c) => c.Labels[labels.service] === 'parting');
    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [id], nodeIds: [] });
    const texts = async () =>
      (await world.t.call('monitoring:logs', { deploymentId: id, offset: 0, limit: 100 })).lines.map(
        (l) => l.text,
      );
    await world.waitFor('the first line', async () => (await texts()).includes('hello'));
    const checks = checksOf(container!.Id);
    await world.waitFor('a check of the quiet file', () => checksOf(container!.Id) > checks);

    const { jobId } = await world.t.call('services:stop', { id, service: 'parting' });
    await world.waitFor(
      'the stop',
      async () => (await world.t.call('jobs:get', { id: jobId })).status === 'succeeded',
    );
    await world.waitFor('the line written on the way out', async () => (await texts()).includes('goodbye'));
    expect(await texts()).toEqual(['hello', 'goodbye']);
  });
});
