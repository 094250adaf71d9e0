/**
 * Kill the app at random points of a deploy, 20 times, and start it again: after recovery no
 * deployment is left in a transitional state and no container is orphaned. The app that is killed
 * is the built browser-mode host (`out/main/serve.js`), SIGKILLed, as a crash or a power cut would.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { RECOVERY_WORKER } from '../../src/main/core/deployments/deployments-feature';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { transitionalStatuses } from '../../src/main/core/deployments/state-machine';
import { createConsoleLogger } from '../../src/main/core/logger';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { createJsonFileSettingsStore } from '../../src/main/core/settings/settings-store';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { AppError } from '../../src/shared/result';
import { busyboxTemplate } from '../helpers/busybox-template';
import { makeTempDir } from '../helpers/temp-dir';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const ROUNDS = 20;
const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const dir = makeTempDir('hoster-crash-');
const keyringService = `hoster-crash-${randomUUID()}`;
const root = join(import.meta.dirname, '..', '..');

function openCore(): Core {
  return createCore({
    dataDir: dir.path,
    appVersion: '0.0.0-test',
    mode: 'browser',
    settingsStore: createJsonFileSettingsStore(join(dir.path, 'settings.json')),
    secrets: createKeyringSecretStore(keyringService),
    logger: createConsoleLogger(() => undefined),
    resourcesDir: join(root, 'resources'),
    localDockerSocket: join(dir.path, 'none.sock'),
    sshConfigPath: join(dir.path, 'none'),
    agentSocket: () => undefined,
  });
}

async function call<M extends MethodName>(
  core: Core,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input);
  if (!result.ok) throw AppError.fromData(result.error);
  return result.value as MethodOutput<M>;
}

/** Starts the built app on the shared data folder, asks it to deploy, and kills it `afterMs` later. */
async function deployAndKill(body: MethodInput<'deployments:create'>, afterMs: number): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/serve.js'), '--data-dir', dir.path, '--port', '0'],
    {
      env: { ...process.env, HOSTER_TOKEN: token, HOSTER_KEYRING_SERVICE: keyringService },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('serve did not start')), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /running at (http:\/\/[^/\s]+)/.exec(text);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const response = await fetch(`${url}/api/deployments:create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as {
      ok: boolean;
      value?: { deploymentId: string };
      error?: { message: string };
    };
    if (!result.ok || !result.value) throw new Error(`create failed: ${result.error?.message ?? 'unknown'}`);
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    return result.value.deploymentId;
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

let templateId = '';
const listOwned = (id: string) =>
  docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } });
let nodeId = '';
const created: string[] = [];

beforeAll(async () => {
  const core = openCore();
  await call(core, 'settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const node = await addRigNode({ call: (method, input) => call(core, method, input) }, rig);
  nodeId = node.id;
  const template = await call(
    core,
    'templates:create',
    busyboxTemplate(rig.images.local, { slug: 'crash-pair' }),
  );
  templateId = template.summary.id;
  await call(core, 'templates:publish', { id: templateId, version: '1.0.0' });
  await core.close();
});

afterAll(async () => {
  for (const id of created) {
    for (const c of await docker.listContainers({
      all: true,
      filters: { label: [`${labels.deployment}=${id}`] },
    }))
      await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters: { label: [`${labels.deployment}=${id}`] } }))
      await docker.getNetwork(n.Id).remove();
    for (const v of (await docker.listVolumes({ filters: { label: [`${labels.deployment}=${id}`] } }))
      .Volumes)
      await docker.getVolume(v.Name).remove();
  }
  dir.remove();
});

describe('recovery after the app is killed mid-deploy', () => {
  it(`settles every deployment after ${ROUNDS} kills at random points`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await deployAndKill(
        { templateId, version: '1.0.0', name: `crash-${round}`, nodeId },
        Math.floor(Math.random() * 5000),
      );
      created.push(id);
      const core = openCore();
      core.start();
      await call(core, 'workers:run', { name: RECOVERY_WORKER });
      const all = await call(core, 'deployments:list', {});
      expect(
        all.filter((d) => transitionalStatuses.includes(d.status)).map((d) => `${d.name}:${d.status}`),
      ).toEqual([]);
      const deployment = all.find((d) => d.id === id)!;
      const containers = await listOwned(id);
      if (deployment.status === 'running') {
        expect(containers.map((c) => c.State)).toEqual(['running', 'running']);
      } else {
        expect(deployment.status).toBe('failed');
        // Docker finishes a create the killed app had sent even after recovery removed everything;
        // the next recovery pass removes such a late container. None may be left after it.
        if (containers.length > 0) await call(core, 'workers:run', { name: RECOVERY_WORKER });
        expect(await listOwned(id)).toEqual([]);
        expect(
          (await docker.listNetworks({ filters: { label: [`${labels.deployment}=${id}`] } })).length,
        ).toBe(0);
      }
      outcomes.push(deployment.status);
      await core.close();
    }
    // Every container on the node that carries our label belongs to a running deployment: no orphans, no duplicates.
    const core = openCore();
    const running = new Set(
      (await call(core, 'deployments:list', {})).filter((d) => d.status === 'running').map((d) => d.id),
    );
    await core.close();
    const ours = await docker.listContainers({ all: true, filters: { label: [labels.managed] } });
    const mine = ours.filter((c) => created.includes(c.Labels[labels.deployment] ?? ''));
    expect(mine.filter((c) => !running.has(c.Labels[labels.deployment] ?? ''))).toEqual([]);
    expect(mine.length).toBe(running.size * 2);
    console.log(
      `outcomes after ${ROUNDS} kills: ${outcomes.filter((o) => o === 'running').length} finished, ${outcomes.filter((o) => o === 'failed').length} rolled back`,
    );
  }, 600_000);

  it('a late container of a deploy that never ran is swept by recovery and does not block starting it again', async () => {
    // Killed at once: the deploy never got far, so recovery marks it failed with nothing on the node.
    const id = await deployAndKill({ templateId, version: '1.0.0', name: 'late-create', nodeId }, 0);
    created.push(id);
    const core = openCore();
    core.start();
    await call(core, 'workers:run', { name: RECOVERY_WORKER });
    expect((await call(core, 'deployments:get', { id })).status).toBe('failed');
    expect(await listOwned(id)).toEqual([]);

    // What Docker would have finished creating after the app died: a container of this deployment.
    const late = () =>
      docker.createContainer({
        name: 'late-create-web-1',
        Image: rig.images.local,
        Cmd: ['sleep', '600'],
        Labels: {
          [labels.managed]: 'true',
          [labels.deployment]: id,
          [labels.project]: 'late-create',
          [labels.service]: 'web',
        },
      });
    await late();
    await call(core, 'workers:run', { name: RECOVERY_WORKER });
    expect(await listOwned(id)).toEqual([]);

    await late();
    await call(core, 'deployments:start', { id });
    await core.jobs.settled();
    expect((await call(core, 'deployments:get', { id })).status).toBe('running');
    expect((await listOwned(id)).map((c) => c.State)).toEqual(['running', 'running']);
    await core.close();
  }, 120_000);
});
