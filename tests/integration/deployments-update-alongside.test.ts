/**
 * Updates without downtime. A private, stateless app is updated alongside: the new revision starts
 * next to the running one on ports of its own, the app's open address switches to it once it is
 * ready, and only then do the old containers stop, so a probe every 50 ms through that address never
 * fails. A public app cannot hold its ports twice: its old containers stop first, all at once, each
 * with its own grace period, and the wait is shown. Every container here ignores SIGTERM (PID 1
 * without a handler), so each stop costs its full grace period.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { deployAndSettle } from '../helpers/deploy';
import { webTemplate } from '../helpers/web-template';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
let t: TestCore;
let nodeId = '';
let templateId = '';

/** web serves `page`; worker only sleeps. Neither handles SIGTERM; each gets 3 s to stop. */
const template = (version: string, page: string) =>
  webTemplate(rig.images.local, { slug: `stateless-${suffix}`, version, page, worker: true });

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeId = (await addRigNode(t, rig)).id;
  const created = await t.call('templates:create', template('1.0.0', 'one'));
  templateId = created.summary.id;
  await t.call('templates:publish', { id: templateId, version: '1.0.0' });
  await t.call('templates:update', { id: templateId, ...template('2.0.0', 'two') });
  await t.call('templates:publish', { id: templateId, version: '2.0.0' });
}, 60_000);

afterAll(async () => {
  await t.close();
});

/** Every progress step of the deployment's jobs, in order, until the returned function is called. */
function recordSteps(): () => string[] {
  const steps: string[] = [];
  const stop = t.core.events.on('jobs:changed', (job) => {
    const step = job.progress?.step;
    if (job.status === 'running' && step && steps.at(-1) !== step) steps.push(step);
  });
  return () => {
    stop();
    return steps;
  };
}

/** GETs `url` every 50 ms until `done` settles (at most 120 s): each answer's body, or "error: …". */
async function probe(url: string, done: Promise<unknown>): Promise<string[]> {
  const answers: string[] = [];
  const state = { isDone: false };
  void done.finally(() => (state.isDone = true));
  const deadline = Date.now() + 120_000;
  while (!state.isDone && Date.now() < deadline) {
    const at = Date.now();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      answers.push(response.ok ? (await response.text()).trim() : `error: HTTP ${String(response.status)}`);
    } catch (error) {
      answers.push(`error: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (Date.now() - at))));
  }
  return answers;
}

const containersOf = async (id: string) =>
  (await docker.listContainers({ all: true, filters: { label: [`${labels.deployment}=${id}`] } }))
    .map((c) => `${c.Labels[labels.service] ?? ''} ${c.Labels[labels.revision] ?? ''} ${c.State}`)
    .sort();

describe('updating a running app', () => {
  it('runs a private, stateless app alongside: the open address never stops answering', async () => {
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: `alongside-${suffix}`,
      nodeId,
      exposure: 'private',
    });
    expect(deployed.status).toBe('running');
    expect(await t.call('deployments:update-preview', { id: deployed.id, version: '2.0.0' })).toEqual({
      staysUp: true,
      reason: null,
    });
    const { url } = await t.call('deployments:open', { id: deployed.id });
    const steps = recordSteps();
    await t.call('deployments:update', { id: deployed.id, version: '2.0.0' });
    const answers = await probe(url, t.core.jobs.settled());

    expect(answers.filter((a) => a.startsWith('error'))).toEqual([]);
    expect(answers[0]).toBe('one');
    expect(answers.at(-1)).toBe('two');
    // Once switched, every answer comes from the new revision.
    expect(answers.slice(answers.indexOf('two'))).not.toContain('one');
    const said = steps();
    expect(said).toContain('Starting the new revision next to the running one');
    expect(said.indexOf('Switching to the new revision')).toBeLessThan(
      said.indexOf('Waiting up to 3 s for web and worker to stop'),
    );
    const updated = await t.call('deployments:get', { id: deployed.id });
    expect(`${updated.status} ${updated.templateVersion}`).toBe('running 2.0.0');
    expect(updated.ports[0]?.hostPort).not.toBe(deployed.ports[0]?.hostPort);
    expect(await containersOf(deployed.id)).toEqual(['web 2 running', 'worker 2 running']);
    await t.call('deployments:delete', { id: deployed.id, deleteData: true });
    await t.core.jobs.settled();
  }, 180_000);

  it('replaces a public app: its old containers stop together, the wait shown, its port kept', async () => {
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name: `replace-${suffix}`,
      nodeId,
      exposure: 'public',
    });
    expect(deployed.status).toBe('running');
    expect(await t.call('deployments:update-preview', { id: deployed.id, version: '2.0.0' })).toEqual({
      staysUp: false,
      reason: 'the public ports of web cannot be held by two revisions at once',
    });
    const steps = recordSteps();
    await t.call('deployments:update', { id: deployed.id, version: '2.0.0' });
    await t.core.jobs.settled();
    const said = steps();
    expect(said).toContain(
      'Replacing the running revision: the public ports of web cannot be held by two revisions at once',
    );
    // One wait for both services: they stop at the same time, not one after the other.
    expect(said.filter((s) => s.startsWith('Waiting up to'))).toEqual([
      'Waiting up to 3 s for web and worker to stop',
    ]);
    const updated = await t.call('deployments:get', { id: deployed.id });
    expect(`${updated.status} ${updated.templateVersion}`).toBe('running 2.0.0');
    expect(updated.ports[0]?.hostPort).toBe(deployed.ports[0]?.hostPort);
    expect(await containersOf(deployed.id)).toEqual(['web 2 running', 'worker 2 running']);
    await t.call('deployments:delete', { id: deployed.id, deleteData: true });
    await t.core.jobs.settled();
  }, 180_000);
});
