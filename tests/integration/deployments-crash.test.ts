/**
 * Kill the app at random points of a deploy, an update or a delete, 20 times, and start it again:
 * recovery carries on what the user asked, so each deployment ends running (on the version asked
 * for) or deleted, with no container orphaned. The app that is killed is the built browser-mode host
 * (`out/main/serve.js`), SIGKILLed, as a crash or a power cut would.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/create-core';
import { RECOVERY_WORKER } from '../../src/main/core/deployments/deployments-feature';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { transitionalStatuses } from '../../src/main/core/deployments/state-machine';
import type { MethodInput } from '../../src/shared/contract';
import { busyboxTemplate } from '../helpers/busybox-template';
import { call, crashFolder } from '../helpers/crash-app';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const ROUNDS = 20;
/** Names unique to this run: a volume an earlier, interrupted run kept is never taken for ours. */
const run = randomBytes(3).toString('hex');
const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const { dir, openCore, killedAfter } = crashFolder('hoster-crash-');

/** Starts the built app on the shared data folder, asks it for `method`, and kills it `afterMs` later. */
const requestAndKill = <M extends 'deployments:create' | 'deployments:update' | 'deployments:delete'>(
  method: M,
  body: MethodInput<M>,
  afterMs: number,
): Promise<string> =>
  killedAfter(async (app) => {
    const { deploymentId } = await app.call(method, body);
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    return deploymentId;
  });

let templateId = '';
const listOwned = (id: string) =>
  docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } });
const leftOnNode = async (id: string) => {
  const filters = { label: [`${labels.deployment}=${id}`] };
  return {
    containers: (await listOwned(id)).length,
    networks: (await docker.listNetworks({ filters })).length,
    volumes: (await docker.listVolumes({ filters })).Volumes.length,
  };
};
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
  await call(core, 'templates:update', {
    id: templateId,
    ...busyboxTemplate(rig.images.local, { slug: 'crash-pair', version: '2.0.0', page: 'version two' }),
  });
  await call(core, 'templates:publish', { id: templateId, version: '2.0.0' });
  await core.close();
}, 60_000);

afterAll(async () => {
  for (const id of created) {
    for (const c of await listOwned(id)) await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters: { label: [`${labels.deployment}=${id}`] } }))
      await docker.getNetwork(n.Id).remove();
    for (const v of (await docker.listVolumes({ filters: { label: [`${labels.deployment}=${id}`] } }))
      .Volumes)
      await docker.getVolume(v.Name).remove();
  }
  dir.remove();
});

/** A running deployment on 1.0.0, deployed by a core that is closed again before the app is started. */
async function runningDeployment(name: string): Promise<string> {
  const core = openCore();
  const { deploymentId } = await call(core, 'deployments:create', { templateId, version: '1.0.0', name, nodeId });
  created.push(deploymentId);
  await core.jobs.settled();
  const deployed = await call(core, 'deployments:get', { id: deploymentId });
  expect(`${deployed.status} ${deployed.error ?? ''}`).toBe('running ');
  await core.close();
  return deploymentId;
}

type Intent = 'deploy' | 'update' | 'delete';
const intents: Intent[] = ['deploy', 'update', 'delete'];

/** Asks the app for `intent` on a deployment of its own and kills it at a random point. */
async function interrupted(intent: Intent, round: number): Promise<string> {
  const afterMs = Math.floor(Math.random() * 5000);
  const name = `crash-${run}-${intent}-${round}`;
  if (intent === 'deploy')
    return requestAndKill('deployments:create', { templateId, version: '1.0.0', name, nodeId }, afterMs);
  const id = await runningDeployment(name);
  if (intent === 'update') await requestAndKill('deployments:update', { id, version: '2.0.0' }, afterMs);
  else await requestAndKill('deployments:delete', { id, deleteData: true }, afterMs);
  return id;
}

/** The deployment is where the user asked: running on the version asked for, only its revision's containers; or gone. */
async function expectIntent(core: Core, id: string, intent: Intent) {
  if (intent === 'delete') {
    expect((await core.dispatch('deployments:get', { id })).ok).toBe(false);
    expect(await leftOnNode(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    return;
  }
  const deployment = await call(core, 'deployments:get', { id });
  expect(`${deployment.status} ${deployment.templateVersion}`).toBe(
    `running ${intent === 'update' ? '2.0.0' : '1.0.0'}`,
  );
  const active = deployment.revisions.find((r) => r.status === 'active')?.revision;
  const containers = await listOwned(id);
  expect(containers.map((c) => `${c.State} ${c.Labels[labels.revision] ?? ''}`)).toEqual([
    `running ${String(active)}`,
    `running ${String(active)}`,
  ]);
}

describe('recovery after the app is killed mid-operation', () => {
  it(`carries on what the user asked after ${ROUNDS} kills at random points of deploys, updates and deletes`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const intent = intents[round % intents.length] ?? 'deploy';
      const id = await interrupted(intent, round);
      created.push(id);
      const core = openCore();
      core.start();
      await call(core, 'workers:run', { name: RECOVERY_WORKER });
      await core.jobs.settled();
      const all = await call(core, 'deployments:list', {});
      expect(
        all.filter((d) => transitionalStatuses.includes(d.status)).map((d) => `${d.name}:${d.status}`),
      ).toEqual([]);
      await expectIntent(core, id, intent);
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
  }, 900_000);

  it('a late container of a deploy that failed before it ran is swept by recovery', async () => {
    const core = openCore();
    core.start();
    const broken = await call(
      core,
      'templates:create',
      busyboxTemplate(rig.images.local, { slug: 'crash-broken', contentCommand: 'exit 3' }),
    );
    await call(core, 'templates:publish', { id: broken.summary.id, version: '1.0.0' });
    const { deploymentId: id } = await call(core, 'deployments:create', {
      templateId: broken.summary.id,
      version: '1.0.0',
      name: 'late-create',
      nodeId,
    });
    created.push(id);
    await core.jobs.settled();
    expect((await call(core, 'deployments:get', { id })).status).toBe('failed');
    expect(await listOwned(id)).toEqual([]);

    // What Docker would have finished creating after an app that sent the create died: a container of this deployment.
    await docker.createContainer({
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
    await call(core, 'workers:run', { name: RECOVERY_WORKER });
    expect(await listOwned(id)).toEqual([]);
    await core.close();
  }, 120_000);
});
