/**
 * Faults during a deploy, each ending in a clear error with the node left as it was: an image that
 * does not exist, a container that crashes on start, and the SSH connection cut in the middle of an
 * image pull (then a retry that completes without duplicates).
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBigImage } from '../helpers/big-image';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { ownedOnNode } from '../helpers/owned-on-node';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
let bigImage = '';
let t: TestCore;
let nodeId = '';

const owned = (id: string) => ownedOnNode(docker, id);

beforeAll(async () => {
  bigImage = pushBigImage(rig, 'big');
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 30 } });
  const node = await addRigNode(t, rig);
  nodeId = node.id;
}, 120_000);

afterAll(async () => {
  for (const deployment of await t.call('deployments:list', {})) {
    if (['running', 'stopped', 'failed'].includes(deployment.status))
      await t.call('deployments:delete', { id: deployment.id, deleteData: true });
  }
  await t.core.jobs.settled();
  await t.close();
  await docker
    .getImage(bigImage)
    .remove({ force: true })
    .catch(() => undefined);
});

describe('deploy faults leave the node as it was', () => {
  it('an image that does not exist: failed, saying which image, nothing left behind', async () => {
    const id = await publishTemplate(
      t,
      busyboxTemplate(`${rig.registry}/hoster/no-such-image:1`, { slug: 'missing-image' }),
    );
    const detail = await deployAndSettle(t, { templateId: id, version: '1.0.0', name: 'missing', nodeId });
    expect(detail.status).toBe('failed');
    expect(detail.error).toContain('no-such-image');
    expect(detail.ports).toEqual([]);
    expect(await owned(detail.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('a container that crashes on start: failed with its last log lines, nothing left behind', async () => {
    const id = await publishTemplate(
      t,
      busyboxTemplate(rig.images.local, {
        slug: 'crashing',
        contentCommand: 'echo "database password rejected" >&2; exit 7',
      }),
    );
    const detail = await deployAndSettle(t, { templateId: id, version: '1.0.0', name: 'crashing', nodeId });
    expect(detail.status).toBe('failed');
    expect(detail.error).toMatch(
      /content (stopped|keeps restarting) \(exit code 7\)[\s\S]*database password rejected/,
    );
    expect(await owned(detail.id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('the SSH connection cut mid-pull: a clear failure, then a retry that completes with no duplicates', async () => {
    const id = await publishTemplate(t, busyboxTemplate(bigImage, { slug: 'big-pair' }));
    let cut = false;
    const stop = t.core.events.on('jobs:changed', (job) => {
      if (!cut && job.progress?.step.startsWith('Pulling') && (job.progress.fraction ?? 0) > 0) {
        cut = true;
        // Editing a node drops its connection, as a network failure would.
        void t.call('nodes:update', { id: nodeId, name: 'rig one (renamed)' });
      }
    });
    const first = await deployAndSettle(t, { templateId: id, version: '1.0.0', name: 'big', nodeId });
    const deploymentId = first.id;
    stop();
    expect(cut).toBe(true);
    const job = await t.call('jobs:get', { id: first.jobId });
    if (job.status === 'failed') {
      expect(first.status).toBe('failed');
      expect(first.error).toBeTruthy();
      expect(await owned(deploymentId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
      await t.call('deployments:start', { id: deploymentId });
      await t.core.jobs.settled();
    }
    const detail = await t.call('deployments:get', { id: deploymentId });
    expect(detail.status).toBe('running');
    expect(await owned(deploymentId)).toEqual({ containers: 2, networks: 1, volumes: 1 });
  });
});
