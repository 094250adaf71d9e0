/**
 * What monitoring 20 containers on one node costs, measured in one run on the rig:
 *  - the node's dockerd (and its containerd) CPU, read from /proc/<pid>/stat, as % of one core:
 *    nobody watching; this app in the background (nothing on screen); this app with the deployment
 *    on screen; and the peer, a stream per container (`stats` and `logs --follow`, as dashboards do).
 *    Goal: this app < 2 % of one core.
 *  - this app's own CPU when idle with nothing on screen (browser mode, no window). Goal: < 1 %.
 * Figures are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { scriptTemplate } from '../helpers/script-template';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';
import { addRigNode } from '../helpers/rig-node';

const CONTAINERS = 20;
const TICKS_PER_SECOND = 100;
const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const dir = makeTempDir('hoster-bench-cost-');
const keyring = `hoster-bench-${randomUUID()}`;
const root = join(import.meta.dirname, '..', '..');

const dockerdPid = Number(/^dockerd (\d+)$/m.exec(readFileSync(rig.pidsFile, 'utf8'))?.[1]);
const containerdPid = readdirSync('/proc')
  .filter((name) => /^\d+$/.test(name))
  .find((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return (
        stat.includes('(containerd)') &&
        stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === String(dockerdPid)
      );
    } catch {
      return false;
    }
  });

const cpuTicks = (pid: number | string) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** % of one core each process spent over `seconds`. */
async function measure(
  pids: Record<string, number | string>,
  seconds: number,
): Promise<Record<string, number>> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuTicks(pid)]));
  await sleep(seconds * 1000);
  return Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [
      name,
      ((cpuTicks(pid) - (before[name] ?? 0)) / TICKS_PER_SECOND / seconds) * 100,
    ]),
  );
}
const engine = { dockerd: dockerdPid, ...(containerdPid ? { containerd: containerdPid } : {}) };
const show = (figures: Record<string, number>) =>
  Object.entries(figures)
    .map(([name, value]) => `${name} ${value.toFixed(2)} %`)
    .join(', ');

const openCore = () => createTestCore({ dataDir: dir.path, secrets: createKeyringSecretStore(keyring) });

async function setUp(): Promise<{ deploymentId: string; nodeId: string }> {
  const t = openCore();
  t.core.start();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 120 } });
  const node = await addRigNode(t, rig, 0, 'bench node');
  const services = Object.fromEntries(
    Array.from({ length: CONTAINERS }, (_, i) => [
      `s${i}`,
      { script: `while :; do echo "s${i} tick $$(date)"; sleep 1; done` },
    ]),
  );
  const template = await t.call('templates:create', scriptTemplate(rig.images.local, 'mon-cost', services));
  await t.call('templates:publish', { id: template.summary.id, version: '1.0.0' });
  const { deploymentId } = await t.call('deployments:create', {
    templateId: template.summary.id,
    version: '1.0.0',
    name: 'cost',
    nodeId: node.id,
  });
  await t.core.jobs.settled();
  const status = (await t.call('deployments:get', { id: deploymentId })).status;
  if (status !== 'running') throw new Error(`the 20-container deployment is ${status}`);
  await t.close();
  return { deploymentId, nodeId: node.id };
}

async function streamPerContainer(seconds: number) {
  const containers = await docker.listContainers({ filters: { label: [`${labels.project}=cost`] } });
  const streams: (NodeJS.ReadableStream & { destroy(): void })[] = [];
  for (const container of containers) {
    const handle = docker.getContainer(container.Id);
    const stats = (await handle.stats({ stream: true })) as NodeJS.ReadableStream & { destroy(): void };
    const logs = (await handle.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      tail: 0,
    })) as NodeJS.ReadableStream & { destroy(): void };
    for (const stream of [stats, logs]) {
      stream.resume();
      streams.push(stream);
    }
  }
  await sleep(2000);
  const figures = await measure(engine, seconds);
  for (const stream of streams) stream.destroy();
  return figures;
}

async function serveIdle(seconds: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/serve.js'), '--data-dir', dir.path, '--port', '0'],
    {
      env: { ...process.env, HOSTER_TOKEN: randomBytes(16).toString('hex'), HOSTER_KEYRING_SERVICE: keyring },
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  try {
    await sleep(15_000);
    if (child.pid === undefined) throw new Error('serve did not start');
    return (await measure({ app: child.pid }, seconds)).app ?? NaN;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

let t: TestCore | null = null;
try {
  console.log(`deploying ${CONTAINERS} containers that log a line a second…`);
  const { deploymentId } = await setUp();
  await sleep(3000);
  const nobody = await measure(engine, 20);
  console.log(`nobody watching (20 s): ${show(nobody)}`);

  t = openCore();
  t.core.start();
  await sleep(8000);
  const background = await measure(engine, 60);
  console.log(
    `this app, nothing on screen (60 s): ${show(background)}; above nobody: dockerd ${((background.dockerd ?? 0) - (nobody.dockerd ?? 0)).toFixed(2)} % (goal < 2 %)`,
  );
  const viewer = t;
  await viewer.call('monitoring:focus', { viewId: 'bench', deploymentIds: [deploymentId] });
  await sleep(3000);
  const focused = await measure(engine, 30);
  await viewer.call('monitoring:focus', { viewId: 'bench', deploymentIds: [] });
  console.log(
    `this app, the deployment on screen (30 s): ${show(focused)}; above nobody: dockerd ${((focused.dockerd ?? 0) - (nobody.dockerd ?? 0)).toFixed(2)} % (goal < 2 %)`,
  );
  await t.close();
  t = null;

  const peer = await streamPerContainer(30);
  const peerAbove = (peer.dockerd ?? 0) - (nobody.dockerd ?? 0);
  console.log(
    `peer, a stats and a log stream per container (30 s): ${show(peer)}; above nobody: dockerd ${peerAbove.toFixed(2)} %`,
  );
  const ratio = (figure: Record<string, number>) =>
    (((figure.dockerd ?? 0) - (nobody.dockerd ?? 0)) / Math.max(0.01, peerAbove)).toFixed(2);
  console.log(
    `dockerd cost against the peer: background ${ratio(background)}×, on screen ${ratio(focused)}×`,
  );

  const idle = await serveIdle(60);
  console.log(
    `this app's own CPU, idle with nothing on screen, monitoring ${CONTAINERS} containers (60 s): ${idle.toFixed(2)} % of one core (goal < 1 %)`,
  );

  t = openCore();
  await t.call('deployments:delete', { id: deploymentId, deleteData: true });
  await t.core.jobs.settled();
} finally {
  await t?.close();
  dir.remove();
}
