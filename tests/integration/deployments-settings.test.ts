/**
 * Settings after deploy, against the rig's dockerd over SSH: extra environment, limits and replicas
 * reach the containers (docker inspect), copies answer by the service alias, what cannot scale is
 * refused with the reason and changes nothing, a rollback brings back the earlier settings, and a
 * backup and restore held stopped bring every copy back.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentSettingsInput } from '../../src/shared/contract/deployment-settings';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { webTemplate } from '../helpers/web-template';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const fixedPort = 30_000 + Math.floor(Math.random() * 9_000);
let t: TestCore;
let nodeId = '';
let templateId = '';
let deploymentId = '';
const name = `settings-${suffix}`;

/** web: a stateless page; store: writes a named volume; edge: holds a fixed host port. */
const template = {
  manifest: {
    name: 'Settings app',
    slug: `settings-${suffix}`,
    version: '1.0.0',
    description: 'Three services for settings after deploy.',
    category: 'web',
    tags: ['test'],
    icon: '⚙️',
    price_monthly_cents: 100,
    resources: { cpu_cores: 0.5, memory_mb: 64, disk_mb: 8 },
    primary: { service: 'web', port: 80 },
    variables: [],
    secrets: [],
    notes: '',
  },
  compose: [
    'services:',
    '  web:',
    `    image: ${rig.images.local}`,
    '    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]',
    '    ports: ["80"]',
    '    environment:',
    '      MODE: prod',
    '    stop_grace_period: 1s',
    '  store:',
    `    image: ${rig.images.local}`,
    '    command: ["sleep", "3600"]',
    '    volumes: ["data:/data"]',
    '    stop_grace_period: 1s',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          cpus: "0.25"',
    '          memory: 48M',
    '  edge:',
    `    image: ${rig.images.local}`,
    '    command: ["sleep", "3600"]',
    `    ports: ["${fixedPort}:81"]`,
    '    stop_grace_period: 1s',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n'),
};

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeId = (await addRigNode(t, rig)).id;
  templateId = await publishTemplate(t, template);
  const deployed = await deployAndSettle(t, {
    templateId,
    version: '1.0.0',
    name,
    nodeId,
    exposure: 'private',
  });
  expect(deployed.status).toBe('running');
  deploymentId = deployed.id;
}, 120_000);

afterAll(async () => {
  if (deploymentId) {
    await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await t.core.jobs.settled();
  }
  await t.close();
});

const containers = async () =>
  (
    await docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${deploymentId}`] } })
  ).sort((a, b) => (a.Names[0] ?? '').localeCompare(b.Names[0] ?? ''));

const inspect = (container: string) => docker.getContainer(`${name}-${container}`).inspect();

/** Applies settings as the screen does and waits for the update to finish. */
async function apply(settings: DeploymentSettingsInput) {
  await t.call('deployments:apply-settings', { id: deploymentId, settings });
  await t.core.jobs.settled();
  return t.call('deployments:get', { id: deploymentId });
}

/** Runs `command` in the store container and returns what it printed. */
async function inStore(command: string): Promise<string> {
  const exec = await docker.getContainer(`${name}-store-1`).exec({
    Cmd: ['sh', '-c', command],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({});
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  // Docker's multiplexed stream: an 8-byte header before each frame.
  const raw = Buffer.concat(chunks);
  const out: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length;) {
    const size = raw.readUInt32BE(at + 4);
    out.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(out).toString('utf8');
}

describe('settings after deploy', () => {
  it('runs each service within the template resources unless its compose sets limits', async () => {
    const { services, settings } = await t.call('deployments:settings', { id: deploymentId });
    expect(settings).toEqual({ services: {} });
    expect(services.map((s) => [s.name, s.defaultLimits, s.scaleRefusal === null])).toEqual([
      ['web', { cpuCores: 0.5, memoryMb: 64 }, true],
      ['store', { cpuCores: 0.25, memoryMb: 48 }, false],
      ['edge', { cpuCores: 0.5, memoryMb: 64 }, false],
    ]);
    const web = await inspect('web-1');
    expect([web.HostConfig.NanoCpus, web.HostConfig.Memory]).toEqual([0.5e9, 64 * 1024 * 1024]);
    const store = await inspect('store-1');
    expect([store.HostConfig.NanoCpus, store.HostConfig.Memory]).toEqual([0.25e9, 48 * 1024 * 1024]);
  });

  it('previews the change as compose lines and says why the app stops for it', async () => {
    const preview = await t.call('deployments:settings-preview', {
      id: deploymentId,
      settings: { services: { web: { environment: { FEATURE: 'on' } } } },
    });
    expect(preview.current).not.toContain('FEATURE');
    expect(preview.next).toContain('      FEATURE: "on"\n');
    expect(preview.staysUp).toBe(false);
    expect(preview.reason).toBe('two copies of store must not write to data at once');
  });

  it('applies extra environment and limits: the user setting wins over compose and template', async () => {
    const after = await apply({
      services: {
        web: { environment: { FEATURE: 'on' }, cpuCores: 0.25, memoryMb: 40 },
        store: { memoryMb: 96 },
      },
    });
    expect(after.status).toBe('running');
    const web = await inspect('web-1');
    expect(web.Config.Env).toEqual(expect.arrayContaining(['MODE=prod', 'FEATURE=on']));
    expect([web.HostConfig.NanoCpus, web.HostConfig.Memory]).toEqual([0.25e9, 40 * 1024 * 1024]);
    const store = await inspect('store-1');
    expect([store.HostConfig.NanoCpus, store.HostConfig.Memory]).toEqual([0.25e9, 96 * 1024 * 1024]);
    const { settings } = await t.call('deployments:settings', { id: deploymentId });
    expect(settings.services.web?.environment).toEqual({ FEATURE: 'on' });
  }, 120_000);

  it('refuses what cannot be applied, saying why, and leaves revisions and containers as they were', async () => {
    const before = await t.call('deployments:get', { id: deploymentId });
    const running = (await containers()).map((c) => c.Id);
    const stateful = await t.fail('deployments:apply-settings', {
      id: deploymentId,
      settings: { services: { store: { replicas: 2 } } },
    });
    expect(stateful.message).toContain('store cannot run 2 copies: store writes to the volume data');
    const fixed = await t.fail('deployments:apply-settings', {
      id: deploymentId,
      settings: { services: { edge: { replicas: 2 } } },
    });
    expect(fixed.message).toContain(`edge publishes the fixed host port ${fixedPort}`);
    const override = await t.fail('deployments:apply-settings', {
      id: deploymentId,
      settings: { services: { web: { environment: { MODE: 'dev' } } } },
    });
    expect(override.field).toBe('settings.services.web.environment.MODE');
    const tooMany = await t.fail('deployments:apply-settings', {
      id: deploymentId,
      settings: { services: { web: { replicas: 11 } } },
    });
    expect(tooMany.code).toBe('invalid_input');
    const after = await t.call('deployments:get', { id: deploymentId });
    expect(after.revisions.length).toBe(before.revisions.length);
    expect((await containers()).map((c) => c.Id)).toEqual(running);
  });

  it('scales web to two copies answering by its alias, stops and starts both, and back to one', async () => {
    const scaled = await apply({ services: { web: { replicas: 2, environment: { FEATURE: 'on' } } } });
    expect(scaled.status).toBe('running');
    const names = (await containers()).map((c) => `${c.Names[0] ?? ''} ${c.State}`);
    expect(names).toEqual([
      `/${name}-edge-1 running`,
      `/${name}-store-1 running`,
      `/${name}-web-1 running`,
      `/${name}-web-2 running`,
    ]);
    // Both copies sit behind the alias `web`, and each answers with its own hostname.
    const ids = [await inspect('web-1'), await inspect('web-2')].map((c) => c.Config.Hostname);
    const answers = new Set<string>();
    for (let attempt = 0; attempt < 20 && answers.size < 2; attempt++)
      answers.add((await inStore('wget -q -O - http://web/')).trim());
    expect([...answers].sort()).toEqual([...ids].sort());
    // Only the first copy publishes: the open address and the port table name one host port.
    expect(scaled.ports.map((p) => p.service)).toEqual(['web', 'edge']);
    expect((await inspect('web-2')).HostConfig.PortBindings).toEqual({});
    const { url } = await t.call('deployments:open', { id: deploymentId });
    expect((await (await fetch(url)).text()).trim()).toBe(ids[0]);

    // One service's controls act on every copy of it: listed once, restarted both, stopped both.
    const web = (await t.call('services:list', { id: deploymentId })).find((s) => s.service === 'web');
    expect(web).toMatchObject({ copies: 2, state: 'running' });
    const startedAt = async () => [(await inspect('web-1')).State.StartedAt, (await inspect('web-2')).State.StartedAt];
    const before = await startedAt();
    await t.call('services:restart', { id: deploymentId, service: 'web' });
    await t.core.jobs.settled();
    const after = await startedAt();
    expect(after.map((at, i) => at !== before[i])).toEqual([true, true]);
    await t.call('services:stop', { id: deploymentId, service: 'web' });
    await t.core.jobs.settled();
    expect((await containers()).map((c) => `${c.Names[0] ?? ''} ${c.State}`)).toEqual([
      `/${name}-edge-1 running`,
      `/${name}-store-1 running`,
      `/${name}-web-1 exited`,
      `/${name}-web-2 exited`,
    ]);
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');

    await t.call('deployments:stop', { id: deploymentId });
    await t.core.jobs.settled();
    expect((await containers()).filter((c) => c.State === 'running')).toEqual([]);
    await t.call('deployments:start', { id: deploymentId });
    await t.core.jobs.settled();
    expect((await containers()).map((c) => c.State)).toEqual(['running', 'running', 'running', 'running']);

    await apply({ services: { web: { replicas: 1, environment: { FEATURE: 'on' } } } });
    expect((await containers()).map((c) => c.Names[0])).toEqual([
      `/${name}-edge-1`,
      `/${name}-store-1`,
      `/${name}-web-1`,
    ]);
  }, 240_000);

  it('rolls back to the previous revision with its own settings', async () => {
    const rolledBack = await t.call('deployments:rollback', { id: deploymentId });
    expect(rolledBack.deploymentId).toBe(deploymentId);
    await t.core.jobs.settled();
    const { settings } = await t.call('deployments:settings', { id: deploymentId });
    expect(settings.services.web?.replicas).toBe(2);
    const names = (await containers()).map((c) => `${c.Names[0] ?? ''} ${c.State}`);
    expect(names).toContain(`/${name}-web-2 running`);
  }, 120_000);

  it('backs up and restores the scaled app held stopped: its volume once, both copies back after', async () => {
    const running = () =>
      containers().then((all) => all.filter((c) => c.State === 'running').map((c) => c.Names[0]));
    const everyCopy = [`/${name}-edge-1`, `/${name}-store-1`, `/${name}-web-1`, `/${name}-web-2`];
    const { runId } = await t.call('backups:run', { deploymentId });
    const run = await settledRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.items.map((item) => `${item.service} ${item.volume ?? ''}`)).toEqual(['store data']);
    expect(await running()).toEqual(everyCopy);
    await t.call('backups:restore', { runId });
    await t.core.jobs.settled();
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
    expect(await running()).toEqual(everyCopy);
  }, 180_000);
});

describe('settings on a private, stateless app', () => {
  it('scales up, keeps the copies through a version update, and scales down, all alongside', async () => {
    const template = (version: string) =>
      webTemplate(rig.images.local, { slug: `stateless-${suffix}`, version, page: 'hi', worker: true });
    const statelessId = await publishTemplate(t, template('1.0.0'));
    const id = (
      await deployAndSettle(t, {
        templateId: statelessId,
        version: '1.0.0',
        name: `alongside-${suffix}`,
        nodeId,
        exposure: 'private',
      })
    ).id;
    const copies = async () =>
      (await docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } }))
        .map((c) => `${c.Names[0] ?? ''} ${c.Labels[labels.revision] ?? ''} ${c.State}`)
        .sort();
    const scale = async (replicas: number) => {
      const settings = { services: { web: { replicas } } };
      const preview = await t.call('deployments:settings-preview', { id, settings });
      expect(preview).toMatchObject({ staysUp: true, reason: null });
      await t.call('deployments:apply-settings', { id, settings });
      await t.core.jobs.settled();
      expect((await t.call('deployments:get', { id })).status).toBe('running');
    };
    await scale(3);
    expect(await copies()).toEqual([
      `/alongside-${suffix}-web-1 2 running`,
      `/alongside-${suffix}-web-2 2 running`,
      `/alongside-${suffix}-web-3 2 running`,
      `/alongside-${suffix}-worker-1 2 running`,
    ]);
    // A version update keeps the settings: the new version runs three copies of web too.
    await t.call('templates:update', { id: statelessId, ...template('2.0.0') });
    await t.call('templates:publish', { id: statelessId, version: '2.0.0' });
    await t.call('deployments:update', { id, version: '2.0.0' });
    await t.core.jobs.settled();
    expect((await copies()).filter((c) => c.includes('-web-'))).toEqual([
      `/alongside-${suffix}-web-1 3 running`,
      `/alongside-${suffix}-web-2 3 running`,
      `/alongside-${suffix}-web-3 3 running`,
    ]);
    await scale(1);
    expect(await copies()).toEqual([
      `/alongside-${suffix}-web-1 4 running`,
      `/alongside-${suffix}-worker-1 4 running`,
    ]);
    await t.call('deployments:delete', { id, deleteData: true });
    await t.core.jobs.settled();
  }, 180_000);
});

/** The backup run once its job has ended (the run is closed by a listener on the job's end). */
async function settledRun(runId: string) {
  await t.core.jobs.settled();
  for (let i = 0; i < 50; i += 1) {
    const run = (await t.call('backups:list', {})).find((r) => r.id === runId);
    if (run && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not end`);
}
