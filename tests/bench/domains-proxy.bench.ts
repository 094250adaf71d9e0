/**
 * The node proxy (Caddy, with certificates from the rig's Pebble) for one small static page (busybox
 * httpd) on the rig's node1. Two figures, printed, never asserted:
 *  1. Adding a domain whose certificate is already in the proxy's volume: the name is set up once
 *     (certificate issued), removed, then in each of ROUNDS rounds `domains:add` is called for the same
 *     name and HTTPS GET on it is tried every 10 ms (each on a new TLS connection to the node's address,
 *     SNI = the name, trusting only Pebble's root; at most 10 s) until it answers 200 with the page.
 *     Figure: `domains:add` called → first good answer. Goal: < 1 s. Between rounds the name is
 *     removed, and the time from `domains:remove` resolving until a request no longer reaches the app
 *     is measured the same way (expected: at once).
 *  2. Throughput and latency with one closed-loop Node client (CONCURRENCY keep-alive connections,
 *     WARMUP_MS then DURATION_MS, one request at a time per connection), alternating
 *     (a) https://<domain>/ through the proxy (node address, port 443, SNI = the name) and
 *     (b) http://127.0.0.1:<hostPort>/ straight to the deployment's published port (the rig's nodes
 *     are this machine), LOAD_ROUNDS times each; medians of the rounds. (a) includes TLS, (b) is plain
 *     HTTP: terminating TLS is the proxy's job. busybox httpd closes every connection, so (b) opens a
 *     TCP connection per request, and in (a) the proxy does so to the app. Each run also prints CPU
 *     time per request of this client, the proxy, the engine's docker-proxy for the port and the app
 *     (from /proc: the rig's nodes are this machine). Goal: rps (a) ≥ 0.8 × (b); p99 (a) ≤ p99 (b) + 2 ms.
 * The bench needs the node proxy to itself (a core pushes all of its routes, so another run's would
 * take ours off): it refuses to start when a `hoster-proxy` container exists. Traffic goes to
 * 127.0.0.0/8 only. Everything made here (the domain, the deployment, the `hoster-proxy` container it
 * installed) is removed at the end; the proxy's certificate volume stays, as the app keeps it.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import Docker from 'dockerode';
import { ADMIN_ADDRESS, CONFIG_PATH } from '../../src/main/core/domains/caddy-config';
import { deployAndSettle } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { pointAt as pointAtIn, rigDomainSettings } from '../helpers/rig-domains';
import { webTemplate } from '../helpers/web-template';
import { loadRig } from '../rig/rig';

const ROUNDS = 5;
const POLL_EVERY_MS = 10;
const POLL_CAP_MS = 10_000;
const CONCURRENCY = 8;
const WARMUP_MS = 1000;
const DURATION_MS = 5000;
const LOAD_ROUNDS = 5;
const REQUEST_TIMEOUT_MS = 2000;

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const node = rig.nodes[0]!;
const suffix = randomBytes(3).toString('hex');
const pebbleRoot = readFileSync(rig.acme.rootFile, 'utf8');
const PAGE = `bench page ${suffix}`;
const BODY = `${PAGE}\n`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const list = (values: number[]) => `[${values.map((v) => v.toFixed(0)).join(', ')}]`;

const pointAt = (hostname: string, address: string | null) => pointAtIn(rig, hostname, address);

/** Reads a response to the end: whether it was a 200 with the page. */
function isPage(response: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    response.on('end', () => resolve(response.statusCode === 200 && body === BODY));
    response.on('error', () => resolve(false));
  });
}

/** One GET https://hostname/ on a new TLS connection to the node's port 443: whether the app answered. */
function reachesApp(hostname: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      {
        host: node.host,
        port: 443,
        servername: hostname,
        path: '/',
        headers: { host: hostname, connection: 'close' },
        ca: pebbleRoot,
        agent: false,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => void isPage(response).then(resolve),
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Tries every POLL_EVERY_MS (start to start, one at a time) until `reachesApp` is `wanted`: ms from `since`, or null. */
async function pollUntil(hostname: string, wanted: boolean, since: number): Promise<number | null> {
  let next = performance.now();
  while (performance.now() - since < POLL_CAP_MS) {
    if ((await reachesApp(hostname)) === wanted) return performance.now() - since;
    next = Math.max(next + POLL_EVERY_MS, performance.now());
    await sleep(next - performance.now());
  }
  return null;
}

const template = webTemplate(rig.images.local, { slug: `bench-page-${suffix}`, page: PAGE, stopGraceSeconds: 2 });

/** Adds the domain and waits for its job: the domain, active. */
async function addAndSettle(t: TestCore, deploymentId: string) {
  const { domain, jobId } = await t.call('domains:add', { deploymentId, kind: 'automatic' });
  await t.core.jobs.settled();
  const job = await t.call('jobs:get', { id: jobId });
  const [current] = await t.call('domains:list', { deploymentId });
  if (job.status !== 'succeeded' || current?.status !== 'active')
    throw new Error(`domains:add job ${job.status}, domain ${current?.status ?? 'gone'}: ${job.error?.message ?? current?.error ?? ''}`);
  return domain;
}

interface AddRound {
  /** `domains:add` called → it returned. */
  returnedMs: number;
  /** → the job said the routes were pushed ("Getting a certificate…"), or NaN. */
  routedMs: number;
  /** → first 200 with the page, or null within POLL_CAP_MS. */
  answeredMs: number | null;
  /** → the job done (the certificate read back over an SSH forward, the domain active). */
  activeMs: number;
  /** `domains:remove` called → it resolved. */
  removeCallMs: number;
  /** `domains:remove` resolved → first request that did not reach the app, or null. */
  goneMs: number | null;
}

async function addRound(t: TestCore, deploymentId: string, hostname: string): Promise<AddRound> {
  let routedAt = NaN;
  const stopWatching = t.core.events.on('jobs:changed', (job) => {
    if (Number.isNaN(routedAt) && job.progress?.step.startsWith('Getting a certificate')) routedAt = performance.now();
  });
  const begin = performance.now();
  const adding = t.call('domains:add', { deploymentId, kind: 'automatic' });
  const polled = pollUntil(hostname, true, begin);
  const { domain } = await adding;
  const returnedMs = performance.now() - begin;
  const answeredMs = await polled;
  await t.core.jobs.settled();
  const activeMs = performance.now() - begin;
  stopWatching();
  const [current] = await t.call('domains:list', { deploymentId });
  if (current?.status !== 'active') throw new Error(`the domain is ${current?.status ?? 'gone'}: ${current?.error ?? ''}`);

  const removeBegin = performance.now();
  await t.call('domains:remove', { id: domain.id });
  const removed = performance.now();
  const goneMs = await pollUntil(hostname, false, removed);
  return { returnedMs, routedMs: routedAt - begin, answeredMs, activeMs, removeCallMs: removed - removeBegin, goneMs };
}

interface LoadRun {
  ok: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** The whole machine's busy share (all cores) over the measured run. */
  busy: number;
  /** CPU time per good request (µs): the whole machine (other programs included), this client, and each process part. */
  machineUs: number;
  clientUs: number;
  partsUs: Record<string, number>;
}

/** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
const TICK_US = 10_000;

/** Busy and total ticks of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/**
 * User + system ticks of processes and their reaped children (busybox httpd forks one per connection);
 * the rig's nodes are this machine, so the node's pids are ours to read.
 */
function processTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  }
  return ticks;
}

/** The processes on the request path: the proxy, the engine's port forwarder (docker-proxy) for the port, the app. */
async function pathProcesses(hostPort: number): Promise<Record<string, number[]>> {
  const forwarders = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args[0]?.endsWith('docker-proxy') === true && args[args.indexOf('-host-port') + 1] === String(hostPort);
      } catch {
        return false;
      }
    })
    .map(Number);
  const [app] = await docker.listContainers({ filters: { publish: [String(hostPort)] } });
  const pidOf = async (id: string) => (await docker.getContainer(id).inspect()).State.Pid;
  return {
    proxy: [await pidOf('hoster-proxy')],
    'docker-proxy': forwarders,
    app: app ? [await pidOf(app.Id)] : [],
  };
}

/** How long one exec in the proxy takes through this machine's engine socket (no SSH): ms. */
async function timeExec(command: string[]): Promise<number> {
  const begin = performance.now();
  const exec = await docker.getContainer('hoster-proxy').exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: false, stdin: false });
  await new Promise<void>((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.once('end', resolve);
    stream.once('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`${command.join(' ')} exited ${String(ExitCode)}`);
  return performance.now() - begin;
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;

/** Runs `send` from CONCURRENCY loops, each one request at a time, until `until`; latencies of good answers. */
async function closedLoop(send: () => Promise<boolean>, durationMs: number) {
  const latencies: number[] = [];
  let errors = 0;
  const begin = performance.now();
  const until = begin + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const start = performance.now();
      if (await send()) latencies.push(performance.now() - start);
      else {
        errors += 1;
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return { latencies, errors, elapsedMs: performance.now() - begin };
}

/** A GET through `agent`, read to the end: whether it was the page (any error, or no answer in time, is false). */
function sender(makeRequest: (onResponse: (response: IncomingMessage) => void) => ReturnType<typeof httpRequest>) {
  return () =>
    new Promise<boolean>((resolve) => {
      const req = makeRequest((response) => void isPage(response).then(resolve));
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer in time')));
      req.on('error', () => resolve(false));
      req.end();
    });
}

/** One warm-up and one measured run of the closed loop against a target, on fresh keep-alive agents. */
async function loadRun(target: 'proxy' | 'direct', hostname: string, hostPort: number): Promise<LoadRun> {
  const agentOptions = { keepAlive: true, maxSockets: CONCURRENCY, maxFreeSockets: CONCURRENCY };
  const tlsAgent = new HttpsAgent({ ...agentOptions, ca: pebbleRoot, servername: hostname });
  const plainAgent = new HttpAgent(agentOptions);
  const send =
    target === 'proxy'
      ? sender((onResponse) =>
          httpsRequest(
            { host: node.host, port: 443, servername: hostname, ca: pebbleRoot, path: '/', headers: { host: hostname }, agent: tlsAgent },
            onResponse,
          ),
        )
      : sender((onResponse) => httpRequest({ host: '127.0.0.1', port: hostPort, path: '/', agent: plainAgent }, onResponse));
  const parts = Object.entries(await pathProcesses(hostPort));
  try {
    await closedLoop(send, WARMUP_MS);
    const [machine, client, before] = [machineTicks(), process.cpuUsage(), parts.map(([, pids]) => processTicks(pids))];
    const { latencies, errors, elapsedMs } = await closedLoop(send, DURATION_MS);
    const [machineAfter, clientUsed] = [machineTicks(), process.cpuUsage(client)];
    const after = parts.map(([, pids]) => processTicks(pids));
    const sorted = latencies.sort((a, b) => a - b);
    const perRequest = (us: number) => us / Math.max(1, sorted.length);
    return {
      ok: sorted.length,
      errors,
      rps: sorted.length / (elapsedMs / 1000),
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      busy: (machineAfter.busy - machine.busy) / Math.max(1, machineAfter.total - machine.total),
      machineUs: perRequest((machineAfter.busy - machine.busy) * TICK_US),
      clientUs: perRequest(clientUsed.user + clientUsed.system),
      partsUs: Object.fromEntries(parts.map(([part], i) => [part, perRequest(((after[i] ?? 0) - (before[i] ?? 0)) * TICK_US)])),
    };
  } finally {
    tlsAgent.destroy();
    plainAgent.destroy();
  }
}

function reportLoad(label: string, runs: LoadRun[]) {
  console.log(label);
  console.log(
    `    ${median(runs.map((r) => r.rps)).toFixed(0)} rps ${list(runs.map((r) => r.rps))}; p50 ${ms(median(runs.map((r) => r.p50)))}, p99 ${ms(median(runs.map((r) => r.p99)))} [${runs.map((r) => r.p99.toFixed(1)).join(', ')}]; requests ${list(runs.map((r) => r.ok))}, failed ${list(runs.map((r) => r.errors))}`,
  );
  const us = (pick: (r: LoadRun) => number) => `${median(runs.map(pick)).toFixed(0)} µs`;
  console.log(
    `    CPU per request: whole machine ${us((r) => r.machineUs)} (busy ${(median(runs.map((r) => r.busy)) * 100).toFixed(0)} % of all cores), this client ${us((r) => r.clientUs)}, ${Object.keys(runs[0]?.partsUs ?? {})
      .map((part) => `${part} ${us((r) => r.partsUs[part] ?? NaN)}`)
      .join(', ')}`,
  );
}

/** The node proxy container on the rig's engine: its id and when it was made (s), or null. */
async function findProxy(): Promise<{ id: string; created: number } | null> {
  const [found] = await docker.listContainers({ all: true, filters: { name: ['^/hoster-proxy$'] } });
  return found ? { id: found.Id, created: found.Created } : null;
}

async function main() {
  // The node has one proxy, and a core pushes all of its routes: another run using it would take ours off.
  if (await findProxy())
    throw new Error('hoster-proxy already exists on the rig: another run is using the node proxy, which this bench needs to itself.');
  const startedAt = Date.now() / 1000;
  let ourProxy: string | null = null;
  let proxyReplaced: boolean;
  const t = createTestCore({ systemDnsServers: [rig.acme.dns.server] });
  let deploymentId = '';
  let hostname = '';
  const rounds: AddRound[] = [];
  const proxied: LoadRun[] = [];
  const direct: LoadRun[] = [];
  let hostPort: number;
  let firstAddMs: number;
  const execMs: number[] = [];
  const reloadMs: number[] = [];
  try {
    await t.call('settings:update', {
      deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 },
      domains: rigDomainSettings(rig),
    });
    const nodeId = (await addRigNode(t, rig, 0, 'bench')).id;
    const created = await t.call('templates:create', template);
    await t.call('templates:publish', { id: created.summary.id, version: '1.0.0' });
    const name = `bench-dom-${suffix}`;
    const deployed = await deployAndSettle(t, { templateId: created.summary.id, version: '1.0.0', name, nodeId });
    deploymentId = deployed.id;
    if (deployed.status !== 'running') throw new Error(`deploy ended ${deployed.status}: ${deployed.error ?? ''}`);
    hostPort = deployed.ports.find((p) => p.service === 'web' && p.containerPort === 80)?.hostPort ?? 0;
    if (!hostPort) throw new Error('the deployment publishes no port 80');
    hostname = `${name}.${node.host}.sslip.io`;
    await pointAt(hostname, node.host);

    // Once: the proxy installed (when missing) and the certificate issued into its volume.
    const firstBegin = performance.now();
    const first = await addAndSettle(t, deploymentId);
    firstAddMs = performance.now() - firstBegin;
    ourProxy = (await findProxy())?.id ?? null;
    if ((await pollUntil(hostname, true, performance.now())) === null) throw new Error(`${hostname} never answered`);
    await t.call('domains:remove', { id: first.id });
    if ((await pollUntil(hostname, false, performance.now())) === null) throw new Error(`${hostname} still answers`);

    for (let round = 0; round < ROUNDS; round += 1) rounds.push(await addRound(t, deploymentId, hostname));

    await addAndSettle(t, deploymentId);
    if ((await pollUntil(hostname, true, performance.now())) === null) throw new Error(`${hostname} never answered`);
    // Where a route push goes: an exec's own cost, and a reload of the same routes (forced), without SSH.
    for (let i = 0; i < 3; i += 1) {
      execMs.push(await timeExec(['caddy', 'version']));
      reloadMs.push(await timeExec(['caddy', 'reload', '--config', CONFIG_PATH, '--address', ADMIN_ADDRESS, '--force']));
    }
    for (let round = 0; round < LOAD_ROUNDS; round += 1) {
      proxied.push(await loadRun('proxy', hostname, hostPort));
      direct.push(await loadRun('direct', hostname, hostPort));
    }
    proxyReplaced = (await findProxy())?.id !== ourProxy;
  } finally {
    for (const domain of await t.call('domains:list', {}).catch(() => []))
      await t.call('domains:remove', { id: domain.id }).catch(() => undefined);
    if (deploymentId) await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
    await t.core.jobs.settled();
    // Only the proxy this run installed: one another run put there meanwhile is left alone.
    const proxy = await findProxy().catch(() => null);
    if (proxy && (proxy.id === ourProxy || (ourProxy === null && proxy.created >= Math.floor(startedAt))))
      await docker
        .getContainer(proxy.id)
        .remove({ force: true })
        .catch(() => undefined);
    if (hostname) await pointAt(hostname, null).catch(() => undefined);
    await t.close();
  }

  console.log(`one busybox httpd page on ${node.name}, the proxy Caddy from ${rig.images.caddy}, certificates from Pebble`);
  if (proxyReplaced) console.log('WARNING: the proxy was replaced during the run (another run used it): the figures are not valid');
  console.log(`first add (proxy install when missing + certificate issued): ${(firstAddMs / 1000).toFixed(2)} s`);
  const answered = rounds.map((r) => r.answeredMs);
  const good = answered.filter((v) => v !== null);
  console.log(
    `(1) domains:add → first 200 over HTTPS (certificate in the volume), ${ROUNDS} rounds, polled every ${POLL_EVERY_MS} ms:`,
  );
  console.log(
    good.length === ROUNDS
      ? `    median ${ms(median(good))}, max ${ms(Math.max(...good))} ${list(good)} (goal < 1000 ms): ${Math.max(...good) < 1000 ? 'met' : 'missed'}`
      : `    no answer within ${POLL_CAP_MS / 1000} s in ${ROUNDS - good.length} of ${ROUNDS} rounds`,
  );
  console.log(
    `    where it goes: add returned ${ms(median(rounds.map((r) => r.returnedMs)))}, routes pushed (job step) ${ms(median(rounds.map((r) => r.routedMs)))}, job done (certificate read back, active) ${ms(median(rounds.map((r) => r.activeMs)))}`,
  );
  console.log(
    `    through this machine's engine socket (no SSH): an exec of \`caddy version\` ${ms(median(execMs))}, of \`caddy reload --force\` (same routes) ${ms(median(reloadMs))}`,
  );
  const gone = rounds.map((r) => r.goneMs);
  const goneAll = gone.filter((v) => v !== null);
  console.log(
    `    domains:remove took ${ms(median(rounds.map((r) => r.removeCallMs)))}; after it resolved, the app unreachable after ${goneAll.length === ROUNDS ? `median ${ms(median(goneAll))}, max ${ms(Math.max(...goneAll))}` : `never in ${ROUNDS - goneAll.length} rounds`} (the first probe's own time included)`,
  );
  console.log(
    `(2) closed loop, ${CONCURRENCY} keep-alive connections, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s, alternating, median of ${LOAD_ROUNDS} runs each:`,
  );
  reportLoad(`  (a) https://${hostname}/ through the proxy (includes TLS, the proxy's job):`, proxied);
  reportLoad(
    `  (b) http://127.0.0.1:${hostPort}/ straight to the published port (plain HTTP; busybox httpd closes every connection, so a new TCP connection each time):`,
    direct,
  );
  const rpsRatio = median(proxied.map((r) => r.rps)) / median(direct.map((r) => r.rps));
  const p99Gap = median(proxied.map((r) => r.p99)) - median(direct.map((r) => r.p99));
  console.log(`ratio rps (a)/(b) = ${rpsRatio.toFixed(2)} (goal ≥ 0.8): ${rpsRatio >= 0.8 ? 'met' : 'missed'}`);
  console.log(`p99 (a) − (b) = ${ms(p99Gap)} (goal ≤ 2 ms): ${p99Gap <= 2 ? 'met' : 'missed'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
