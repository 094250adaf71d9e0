/**
 * A backup asked for as the first request after a restart. The start-up work (backups' recovery of
 * runs a killed app left `running`) begins only after that answer, so it meets a run this app has
 * just begun: it must leave it alone, not fail it and sweep its helper container away.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/create-core';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { removeDeployments } from '../helpers/backup-data';
import { endedRun, helpersOf } from '../helpers/backup-restic';
import { backupTemplate } from '../helpers/backup-template';
import { call, crashFolder } from '../helpers/crash-app';
import { waitForQuiet } from '../helpers/processes';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const { dir, openCore } = crashFolder('hoster-backup-startup-');
let deploymentId = '';

const caller = (core: Core) => ({
  core,
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => call(core, method, input),
});

afterAll(async () => {
  await removeDeployments(docker, deploymentId ? [deploymentId] : []);
  dir.remove();
}, 60_000);

/** The first run of the app: a node and a deployment with data, then closed. */
async function firstRun(): Promise<void> {
  const core = openCore();
  try {
    await call(core, 'settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
    const node = await addRigNode(caller(core), rig);
    const template = await call(core, 'templates:create', backupTemplate(rig.images.local, { slug: `boot-${suffix}` }));
    await call(core, 'templates:publish', { id: template.summary.id, version: '1.0.0' });
    ({ deploymentId } = await call(core, 'deployments:create', {
      templateId: template.summary.id,
      version: '1.0.0',
      name: `boot-${suffix}`,
      nodeId: node.id,
    }));
    await core.jobs.settled();
    expect((await call(core, 'deployments:get', { id: deploymentId })).status).toBe('running');
  } finally {
    await core.close();
  }
}

describe('a backup asked for before the start-up work begins', () => {
  it('is not taken for one a killed app left: it succeeds and stays succeeded', async () => {
    await firstRun();
    const core = openCore();
    let runId = '';
    try {
      // The backup is begun before the start-up work reads what was left running, as it is when the
      // first request is a backup and the repository opens within the start's grace.
      ({ runId } = await call(core, 'backups:run', { deploymentId }));
      core.start();
      const run = await endedRun(caller(core), runId);
      expect(`${run.status} ${run.error ?? ''}`).toBe('succeeded ');
      expect(await waitForQuiet('restic', 120_000)).toBe(true);
    } finally {
      // Closing waits for the start-up recovery, so what it did to the run is in the database below.
      await core.close();
    }
    const after = openCore();
    try {
      const run = (await call(after, 'backups:list', { deploymentId })).find((row) => row.id === runId);
      expect(`${run?.status ?? 'gone'} ${run?.error ?? ''}`).toBe('succeeded ');
      expect(await helpersOf(docker, deploymentId)).toBe(0);
    } finally {
      await after.close();
    }
  }, 180_000);
});
