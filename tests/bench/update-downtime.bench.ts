/**
 * Updating a running app whose processes ignore SIGTERM, while a prober asks for its page every 50 ms
 * (a new connection each time; a probe fails when it is refused, errors, is not a 200 or has no answer
 * within 500 ms). Three busybox services (web → api → worker, each with a healthcheck), no
 * stop_grace_period in the file, so every stop waits out Docker's default 10 s; 1.0.0 and 1.1.0 differ
 * in an environment variable of every service, so an update recreates every container. In one run:
 *  (a) Hoster Desktop: deployed over SSH with private exposure and opened (`deployments:open`: the
 *      local SSH forward the app keeps), then `deployments:update` to 1.1.0; total = request → job done;
 *  (b) Debian's docker-compose 1.29 with DOCKER_HOST at the node's engine (the rig's nodes share this
 *      machine's dockerd): `up -d` of the 1.0.0 file, then `up -d` of the 1.1.0 file under the same
 *      project, its port published on 127.0.0.1 and probed directly; total = the second `up -d`.
 * Downtime is the longest run of failed probes: from the first failed probe's start to the next good
 * one's. Goal: (a) zero failed probes; total (a) ≤ 1.1 × (b). Figures are printed, never asserted.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const ROUNDS = 3;
const PROBE_EVERY_MS = 50;
const PROBE_TIMEOUT_MS = 500;
/** Probing goes on this long after the update is done, to see the new version answer and stay up. */
const TAIL_MS = 3000;
/** When the new version has not answered by then, probing goes on this much longer to see whether it will. */
const NEW_WAIT_MS = 30_000;
/** No probe loop outlives this, whatever happens to the update. */
const PROBE_CAP_MS = 240_000;
const OLD = '1.0.0';
const NEW = '1.1.0';

const run = promisify(execFile);
const rig = loadRig();
const image = rig.images.local;
const suffix = randomBytes(3).toString('hex');
const work = makeTempDir('hoster-bench-update-');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Runs `script` as PID 1 with SIGTERM ignored (an ignored signal stays ignored across exec). */
const ignoringTerm = (script: string) => JSON.stringify(['sh', '-c', `trap '' TERM; ${script}`]);
const healthcheck = (test: string) => [
  '    healthcheck:',
  `      test: ["CMD-SHELL", ${JSON.stringify(test)}]`,
  '      interval: 1s',
  '      timeout: 2s',
  '      retries: 20',
];

/** The compose file of one version; `webPort` is how web's port 80 is published. */
function compose(release: string, webPort: string): string {
  const page = (port: number) =>
    `mkdir -p /www && echo "$$RELEASE" > /www/index.html && exec httpd -f -p ${port} -h /www`;
  return [
    'services:',
    '  web:',
    `    image: ${image}`,
    `    command: ${ignoringTerm(page(80))}`,
    `    environment: { RELEASE: "${release}" }`,
    `    ports: ["${webPort}"]`,
    '    depends_on: [api]',
    ...healthcheck('wget -q -O /dev/null http://127.0.0.1:80/'),
    '  api:',
    `    image: ${image}`,
    `    command: ${ignoringTerm(page(8080))}`,
    `    environment: { RELEASE: "${release}" }`,
    '    depends_on: [worker]',
    ...healthcheck('wget -q -O /dev/null http://127.0.0.1:8080/'),
    '  worker:',
    `    image: ${image}`,
    `    command: ${ignoringTerm('exec sleep 86400')}`,
    `    environment: { RELEASE: "${release}" }`,
    ...healthcheck('true'),
    '',
  ].join('\n');
}

const template = (version: string) => ({
  manifest: {
    name: 'Bench stubborn trio',
    slug: `bench-stubborn-${suffix}`,
    version,
    description: 'Three busybox services that ignore SIGTERM.',
    category: 'web',
    icon: '📦',
    price_monthly_cents: 0,
    resources: { cpu_cores: 0.1, memory_mb: 16, disk_mb: 1 },
    primary: { service: 'web', port: 80 },
  },
  compose: compose(version, '80'),
});

/** One GET on a new connection: the trimmed body of a 200 answer, or null for anything else. */
function probeOnce(url: string): Promise<string | null> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, headers: { connection: 'close' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 ? body.trim() : null));
      response.on('error', () => resolve(null));
    });
    const timer = setTimeout(() => request.destroy(new Error('no answer in time')), PROBE_TIMEOUT_MS);
    request.on('error', () => resolve(null));
    request.on('close', () => clearTimeout(timer));
  });
}

/**
 * One probe: when it began, and which version answered; null when it failed. A 200 with another
 * page counts as failed: another deployment on the shared engine may have taken a freed port.
 */
interface Sample {
  at: number;
  version: string | null;
}

/** Probes `url` every PROBE_EVERY_MS until stopped (or PROBE_CAP_MS), one probe at a time. */
function startProber(url: string) {
  const samples: Sample[] = [];
  const control = { isStopped: false };
  const loop = (async () => {
    const started = performance.now();
    let next = started;
    while (!control.isStopped && performance.now() - started < PROBE_CAP_MS) {
      const at = performance.now();
      const body = await probeOnce(url);
      samples.push({ at, version: body === OLD || body === NEW ? body : null });
      next = Math.max(next + PROBE_EVERY_MS, performance.now());
      await sleep(next - performance.now());
    }
  })();
  return {
    hasSeenNew: () => samples.some((sample) => sample.version === NEW),
    async stop(): Promise<Sample[]> {
      control.isStopped = true;
      await loop;
      return samples;
    },
  };
}

/** Waits (at most `ms`) until `url` answers with `version`. */
async function waitServing(url: string, version: string, ms = 60_000): Promise<void> {
  const deadline = performance.now() + ms;
  while ((await probeOnce(url)) !== version) {
    if (performance.now() > deadline) throw new Error(`${url} did not serve ${version} within ${ms} ms`);
    await sleep(PROBE_EVERY_MS);
  }
}

interface Side {
  totalMs: number;
  /** Over the probes begun from the request until TAIL_MS after it was done. */
  probes: number;
  failed: number;
  longestDownMs: number;
  /** Whether the probes still failed at the end of that window. */
  isDownAtEnd: boolean;
  /** From the request until the new version first answered (probing goes on up to NEW_WAIT_MS for it). */
  newServedMs: number | null;
  /** The job's steps, with when each began after the request (ours only). */
  steps: string;
  note: string;
}

/** Failed probes and the longest run of them among the probes begun in [begin, until). */
function analyse(samples: Sample[], begin: number, until: number) {
  const window = samples.filter((sample) => sample.at >= begin && sample.at < until);
  let longestDownMs = 0;
  let downSince: number | null = null;
  for (const sample of window) {
    if (sample.version === null) downSince ??= sample.at;
    else if (downSince !== null) {
      longestDownMs = Math.max(longestDownMs, sample.at - downSince);
      downSince = null;
    }
  }
  if (downSince !== null) longestDownMs = Math.max(longestDownMs, until - downSince);
  const firstNew = samples.find((sample) => sample.version === NEW);
  return {
    probes: window.length,
    failed: window.filter((sample) => sample.version === null).length,
    longestDownMs,
    isDownAtEnd: downSince !== null,
    newServedMs: firstNew ? firstNew.at - begin : null,
  };
}

/** Probes TAIL_MS past the end, and on until the new version answers (at most NEW_WAIT_MS more). */
async function finish(prober: ReturnType<typeof startProber>, begin: number): Promise<Side> {
  const doneAt = performance.now();
  await sleep(TAIL_MS);
  const deadline = performance.now() + NEW_WAIT_MS;
  while (!prober.hasSeenNew() && performance.now() < deadline) await sleep(PROBE_EVERY_MS);
  const samples = await prober.stop();
  return { totalMs: doneAt - begin, ...analyse(samples, begin, doneAt + TAIL_MS), steps: '', note: '' };
}

async function oursRound(t: TestCore, nodeId: string, templateId: string, round: number): Promise<Side> {
  const { deploymentId } = await t.call('deployments:create', {
    templateId,
    version: OLD,
    name: `bench-upd-${suffix}-${round}`,
    nodeId,
    exposure: 'private',
  });
  try {
    await t.core.jobs.settled();
    const deployed = await t.call('deployments:get', { id: deploymentId });
    if (deployed.status !== 'running')
      throw new Error(`deploy of ${OLD} ended ${deployed.status}: ${deployed.error ?? ''}`);
    const { url } = await t.call('deployments:open', { id: deploymentId });
    await waitServing(url, OLD);
    const prober = startProber(url);
    const begin = performance.now();
    const steps: string[] = [];
    const stopWatching = t.core.events.on('jobs:changed', (job) => {
      const step = job.progress?.step;
      if (step && !steps.at(-1)?.endsWith(step))
        steps.push(`${((performance.now() - begin) / 1000).toFixed(1)} s ${step}`);
    });
    const { jobId } = await t.call('deployments:update', { id: deploymentId, version: NEW });
    await t.core.jobs.settled();
    stopWatching();
    const side = await finish(prober, begin);
    side.steps = steps.join('; ');
    const [job, detail] = await Promise.all([
      t.call('jobs:get', { id: jobId }),
      t.call('deployments:get', { id: deploymentId }),
    ]);
    if (job.status !== 'succeeded' || detail.status !== 'running' || detail.templateVersion !== NEW)
      side.note = `update job ${job.status} (${job.error?.message ?? 'no error'}), deployment ${detail.status} at ${detail.templateVersion}`;
    return side;
  } finally {
    await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await t.core.jobs.settled();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function composeRound(round: number): Promise<Side> {
  const project = `hbupd${suffix}${round}`;
  const dir = join(work.path, project);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const files = { old: join(dir, 'v1.yml'), new: join(dir, 'v2.yml') };
  writeFileSync(files.old, compose(OLD, `127.0.0.1:${port}:80`));
  writeFileSync(files.new, compose(NEW, `127.0.0.1:${port}:80`));
  // Asynchronous on purpose: the prober runs on this process's event loop meanwhile.
  const composeRun = (file: string, ...args: string[]) =>
    run('docker-compose', ['-p', project, '-f', file, ...args], {
      env: { ...process.env, DOCKER_HOST: rig.dockerHost },
      timeout: 180_000,
    });
  try {
    await composeRun(files.old, 'up', '-d');
    const url = `http://127.0.0.1:${port}/`;
    await waitServing(url, OLD);
    const prober = startProber(url);
    const begin = performance.now();
    await composeRun(files.new, 'up', '-d');
    return await finish(prober, begin);
  } finally {
    await composeRun(files.new, 'down', '-v', '-t', '1');
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (values: (number | null)[], format: (v: number) => string) =>
  `[${values.map((v) => (v === null ? 'never' : format(v))).join(', ')}]`;
const inSeconds = (v: number) => (v / 1000).toFixed(2);

function report(label: string, sides: Side[]) {
  const totals = sides.map((s) => s.totalMs);
  const failed = sides.map((s) => s.failed);
  const down = sides.map((s) => s.longestDownMs);
  const served = sides.map((s) => s.newServedMs);
  const servedAll = served.filter((v) => v !== null);
  console.log(label);
  console.log(`    total ${seconds(median(totals))} ${list(totals, inSeconds)}`);
  console.log(
    `    failed probes (request → done + ${TAIL_MS / 1000} s) ${median(failed)} ${list(failed, String)} of ${list(
      sides.map((s) => s.probes),
      String,
    )}; longest downtime ${seconds(median(down))} ${list(down, inSeconds)}`,
  );
  const stillDown = sides.filter((s) => s.isDownAtEnd).length;
  if (stillDown > 0)
    console.log(`    still failing at the end of that window in ${stillDown} of ${sides.length} runs`);
  console.log(
    `    ${NEW} first served after ${servedAll.length === served.length ? seconds(median(servedAll)) : `never in ${served.length - servedAll.length} runs`} ${list(served, inSeconds)}`,
  );
  const last = sides.at(-1);
  if (last?.steps) console.log(`    last run's steps: ${last.steps}`);
  for (const side of sides) if (side.note) console.log(`    note: ${side.note}`);
}

async function main() {
  const t = createTestCore();
  const ours: Side[] = [];
  const peer: Side[] = [];
  try {
    const node = await addRigNode(t, rig, 0, 'bench');
    const created = await t.call('templates:create', template(OLD));
    const templateId = created.summary.id;
    await t.call('templates:publish', { id: templateId, version: OLD });
    await t.call('templates:update', { id: templateId, ...template(NEW) });
    await t.call('templates:publish', { id: templateId, version: NEW });
    for (let round = 0; round < ROUNDS; round += 1) {
      ours.push(await oursRound(t, node.id, templateId, round));
      peer.push(await composeRound(round));
    }
  } finally {
    await t.close();
    work.remove();
  }

  console.log(
    `three busybox services ignoring SIGTERM (default stop grace 10 s), web probed every ${PROBE_EVERY_MS} ms; median of ${ROUNDS} runs`,
  );
  report('(a) Hoster Desktop, private exposure, probed through its SSH forward (request → job done):', ours);
  report('(b) docker-compose 1.29 `up -d` of the new file on the same engine, probed on 127.0.0.1:', peer);
  const ratio = median(ours.map((s) => s.totalMs)) / median(peer.map((s) => s.totalMs));
  const failedProbes = ours.reduce((sum, s) => sum + s.failed, 0);
  console.log(`ratio total (a)/(b) = ${ratio.toFixed(2)} (goal ≤ 1.1): ${ratio <= 1.1 ? 'met' : 'missed'}`);
  console.log(
    `failed probes in (a), all runs: ${failedProbes} (goal 0): ${failedProbes === 0 ? 'met' : 'missed'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
