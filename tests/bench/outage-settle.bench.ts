/**
 * Settling after a node outage. 20 running deployments (one busybox service each) on a node the app
 * reaches through a TCP proxy this bench owns (127.0.0.1, forwarding to the rig's node1 sshd, whose
 * host key it pins). The outage: every proxied connection is cut and every new one closed at once,
 * for 30 s; meanwhile the containers of 5 deployments are stopped on the engine directly, so their
 * true state is `failed` (the other 15 stay `running`). Then the proxy accepts again.
 *
 * The app is left to notice by itself: the core is started (its workers run) with the default
 * settings, and nothing here asks it to connect or check. "Reconnect" is the moment the node shows
 * `online` again; the bench polls `nodes:get` and `deployments:list` every 50 ms and prints, from the
 * proxy accepting again: SSH connected, node online, and every deployment showing its true state
 * (its node reachable and its status what the node has).
 * Goal: node online → all 20 true in under 5 s. Figures are printed, never asserted.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import Docker from 'dockerode';
import type { DeploymentSummary } from '../../src/shared/contract/deployment-model';
import { CONFIRM_DELAY_MS } from '../../src/main/core/deployments/node-settler';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const DEPLOYMENTS = 20;
const CHANGED = 5;
const OUTAGE_MS = 30_000;
const POLL_MS = 50;
/** How long after the proxy accepts again the bench waits for the app to settle, at most. */
const SETTLE_CAP_MS = 120_000;
const ROUNDS = 3;
const GOAL_MS = 5000;

const rig = loadRig();
const node1 = rig.nodes[0]!;
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A round where something never happened counts as slower than every other. */
const median = (values: number[]) =>
  values.map((v) => (Number.isNaN(v) ? Infinity : v)).sort((a, b) => a - b)[Math.floor(values.length / 2)] ??
  Infinity;
const seconds = (ms: number | null) =>
  ms === null || !Number.isFinite(ms) ? 'never' : `${(ms / 1000).toFixed(2)} s`;

/** A loopback TCP proxy to the node's sshd that can cut every connection and refuse new ones. */
async function startOutageProxy(toHost: string, toPort: number) {
  const open = new Set<Socket>();
  const state = { isDown: false, refusedAt: [] as number[] };
  const server: Server = createServer((client) => {
    if (state.isDown) {
      state.refusedAt.push(performance.now());
      client.destroy();
      return;
    }
    const upstream = connect({ host: toHost, port: toPort });
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', close).on('error', close);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no port');
  return {
    port: address.port,
    state,
    cut() {
      state.isDown = true;
      state.refusedAt = [];
      for (const socket of open) socket.destroy();
    },
    restore() {
      state.isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Proxy = Awaited<ReturnType<typeof startOutageProxy>>;

const template = {
  manifest: {
    name: 'Bench sleeper',
    slug: `bench-sleeper-${suffix}`,
    version: '1.0.0',
    description: 'One busybox service that sleeps.',
    category: 'web',
    icon: '📦',
    price_monthly_cents: 100,
    resources: { cpu_cores: 0.01, memory_mb: 8, disk_mb: 1 },
  },
  compose: [
    'services:',
    '  app:',
    `    image: ${rig.images.local}`,
    '    command: ["sleep", "86400"]',
    // sleep as PID 1 ignores SIGTERM: a short grace keeps the bench's own stops and deletes quick.
    '    stop_grace_period: 1s',
    '    healthcheck:',
    '      test: ["CMD", "true"]',
    '      interval: 1s',
    '      timeout: 2s',
    '      retries: 5',
    '',
  ].join('\n'),
};

/** Polls until `check` is true or `ms` passed; returns whether it became true. */
async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleep(POLL_MS);
  }
  return false;
}

interface Round {
  /** proxy restored → … (ms); null when it did not happen within SETTLE_CAP_MS. */
  sshReady: number | null;
  online: number | null;
  allTrue: number | null;
  /** cut → node shown offline (ms), and the node's status just before the proxy accepted again. */
  offlineAfterMs: number | null;
  statusAtRestore: string;
  /** Reconnect attempts the proxy refused during the outage, in s after the cut. */
  attempts: number[];
  /** Status changes of the 15 untouched deployments during the round: should be none. */
  flips: number;
  /** What one of the stopped deployments went through after the proxy accepted again. */
  path: string[];
}

async function setUp(t: TestCore, proxy: Proxy) {
  const key = await t.call('keys:import', {
    name: 'rig',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  const { node, test } = await t.call('nodes:add', {
    name: 'behind the proxy',
    host: '127.0.0.1',
    port: proxy.port,
    user: node1.user,
    keyId: key.id,
    dockerSocket: node1.dockerSocket,
    hostKeyFingerprint: node1.hostKeyFingerprint,
  });
  if (test.status !== 'online') throw new Error(`the node is ${test.status}: ${test.error?.message ?? ''}`);
  const created = await t.call('templates:create', template);
  await t.call('templates:publish', { id: created.summary.id, version: '1.0.0' });
  const ids: string[] = [];
  for (let i = 0; i < DEPLOYMENTS; i += 1) {
    const { deploymentId } = await t.call('deployments:create', {
      templateId: created.summary.id,
      version: '1.0.0',
      name: `bench-settle-${suffix}-${i}`,
      nodeId: node.id,
    });
    ids.push(deploymentId);
  }
  await t.core.jobs.settled();
  const notRunning = (await t.call('deployments:list', {})).filter((d) => d.status !== 'running');
  if (notRunning.length > 0)
    throw new Error(`not running after deploy: ${notRunning.map((d) => `${d.name} ${d.status}`).join(', ')}`);
  return { nodeId: node.id, ids };
}

/** Stops every container of these deployments on the engine itself, behind the app's back. */
async function stopOnEngine(deploymentIds: Set<string>) {
  // Docker ANDs label filters, so one filter per deployment would match nothing: pick them here.
  const ours = await docker.listContainers({ filters: { label: ['dev.hoster.managed=true'] } });
  await Promise.all(
    ours
      .filter((c) => deploymentIds.has(c.Labels['dev.hoster.deployment'] ?? ''))
      .map((c) => docker.getContainer(c.Id).stop({ t: 1 })),
  );
}

/** Shown as it is: its node reachable (not "unknown"), and the status the node's containers give it. */
const isTrue = (d: DeploymentSummary, changed: Set<string>) =>
  d.reachability.nodeReachable && d.status === (changed.has(d.id) ? 'failed' : 'running');

/** Watches the round as it goes: status changes of our deployments and the node's SSH connection. */
function watch(t: TestCore, nodeId: string, ids: string[], changed: Set<string>) {
  const seen = { flips: 0, path: [] as string[], sshReadyAt: null as number | null, restoredAt: Infinity };
  const [watched] = changed;
  const offTransitions = t.core.events.on('deployments:transitioned', ({ deployment, to, cause }) => {
    if (ids.includes(deployment.id) && !changed.has(deployment.id)) seen.flips += 1;
    if (deployment.id === watched && performance.now() >= seen.restoredAt)
      seen.path.push(`${to} +${((performance.now() - seen.restoredAt) / 1000).toFixed(2)} s (${cause})`);
  });
  const offConnection = t.core.nodeConnections.onChange((id, status) => {
    if (id === nodeId && status.state === 'ready' && performance.now() >= seen.restoredAt)
      seen.sshReadyAt ??= performance.now();
  });
  return {
    seen,
    stop() {
      offTransitions();
      offConnection();
    },
  };
}

/** Polls every POLL_MS until every deployment shows its true state; when the node showed online, and when that was. */
async function untilTrue(t: TestCore, nodeId: string, ids: string[], changed: Set<string>) {
  const at = { online: null as number | null, allTrue: null as number | null };
  await waitFor(async () => {
    const [node, deployments] = await Promise.all([
      t.call('nodes:get', { id: nodeId }),
      t.call('deployments:list', {}),
    ]);
    if (at.online === null && node.status === 'online') at.online = performance.now();
    const mine = deployments.filter((d) => ids.includes(d.id));
    if (mine.length === ids.length && mine.every((d) => isTrue(d, changed))) at.allTrue = performance.now();
    return at.allTrue !== null;
  }, SETTLE_CAP_MS);
  return at;
}

async function outageRound(t: TestCore, proxy: Proxy, nodeId: string, ids: string[]): Promise<Round> {
  const changed = new Set(ids.slice(0, CHANGED));
  const watcher = watch(t, nodeId, ids, changed);
  const nodeStatus = async () => (await t.call('nodes:get', { id: nodeId })).status;
  try {
    const cutAt = performance.now();
    proxy.cut();
    const wentOffline = await waitFor(async () => (await nodeStatus()) === 'offline', 5000);
    const offlineAfterMs = wentOffline ? performance.now() - cutAt : null;
    await stopOnEngine(changed);
    await sleep(cutAt + OUTAGE_MS - performance.now());
    const attempts = proxy.state.refusedAt.map((at) => (at - cutAt) / 1000);
    const statusAtRestore = await nodeStatus();
    const restoredAt = performance.now();
    watcher.seen.restoredAt = restoredAt;
    proxy.restore();
    const at = await untilTrue(t, nodeId, ids, changed);
    const since = (moment: number | null) => (moment === null ? null : moment - restoredAt);
    return {
      sshReady: since(watcher.seen.sshReadyAt),
      online: since(at.online),
      allTrue: since(at.allTrue),
      offlineAfterMs,
      statusAtRestore,
      attempts,
      flips: watcher.seen.flips,
      path: watcher.seen.path,
    };
  } finally {
    watcher.stop();
    proxy.restore();
  }
}

/** Starts the changed deployments again through the app, so the next round begins with 20 running. */
async function restart(t: TestCore, nodeId: string, ids: string[]) {
  await waitFor(async () => (await t.call('nodes:get', { id: nodeId })).status === 'online', SETTLE_CAP_MS);
  for (const d of await t.call('deployments:list', {}))
    if (ids.includes(d.id) && d.status !== 'running') await t.call('deployments:start', { id: d.id });
  await t.core.jobs.settled();
}

/** Deletes every deployment this bench made, with its data, once the node answers again. */
async function removeAll(t: TestCore, nodeId: string) {
  await waitFor(async () => (await t.call('nodes:get', { id: nodeId })).status === 'online', 60_000);
  for (const d of await t.call('deployments:list', {})) {
    // One that cannot be deleted is named, and the others are still deleted.
    const failure = await t.call('deployments:delete', { id: d.id, deleteData: true }).then(
      () => null,
      (error: unknown) => error,
    );
    if (failure) console.error(`could not delete ${d.name}:`, failure);
  }
  await t.core.jobs.settled();
}

function report(rounds: Round[], settings: string) {
  const row = (label: string, pick: (r: Round) => number | null) => {
    const values = rounds.map((r) => pick(r) ?? NaN);
    const each = values.map((v) => (Number.isNaN(v) ? 'never' : (v / 1000).toFixed(2)));
    console.log(`  ${label}: ${seconds(median(values))} [${each.join(', ')}]`);
  };
  const onlineToTrue = (r: Round) => (r.online === null || r.allTrue === null ? null : r.allTrue - r.online);
  console.log(
    `${DEPLOYMENTS} deployments on one node behind a proxy, ${OUTAGE_MS / 1000} s outage, ${CHANGED} stopped on the node meanwhile; median of ${rounds.length}`,
  );
  console.log(`  settings: ${settings}`);
  for (const [i, r] of rounds.entries()) {
    const offline =
      r.offlineAfterMs === null
        ? 'not shown offline'
        : `shown offline ${seconds(r.offlineAfterMs)} after the cut`;
    console.log(
      `  round ${i + 1}: node ${offline}, ${r.statusAtRestore} when the proxy accepted again; reconnect attempts refused at ${r.attempts.map((a) => a.toFixed(1)).join(', ')} s; untouched deployments that changed status: ${r.flips}`,
    );
    console.log(`    one of the ${CHANGED} stopped, from then: ${r.path.join(' → ') || 'no change'}`);
  }
  console.log('from the proxy accepting again:');
  row('SSH connected again', (r) => r.sshReady);
  row('node online', (r) => r.online);
  row(`all ${DEPLOYMENTS} show their true state`, (r) => r.allTrue);
  row('node online → all true', onlineToTrue);
  const worst = Math.max(...rounds.map((r) => onlineToTrue(r) ?? Infinity));
  console.log(
    `goal: node online → all true < ${GOAL_MS / 1000} s: ${worst < GOAL_MS ? 'met' : 'missed'} (worst round ${seconds(worst)})`,
  );
}

async function main() {
  const proxy = await startOutageProxy(node1.host, node1.port);
  const t = createTestCore();
  const rounds: Round[] = [];
  let setup: Awaited<ReturnType<typeof setUp>> | null = null;
  try {
    setup = await setUp(t, proxy);
    const { nodeId, ids } = setup;
    t.core.start();
    // The first health sweep starts with the core. A cut while a check is under way lets its late
    // answer ("engine answered with an error": degraded) overwrite the offline mark for the whole
    // outage, so every round begins with the app at rest.
    await waitFor(async () => {
      const workers = await t.call('workers:list', {});
      return ['node-health', 'deployment-settle'].every(
        (name) => workers.find((w) => w.name === name)?.lastFinishedAt != null,
      );
    }, 60_000);
    for (let round = 0; round < ROUNDS; round += 1) {
      if (round > 0) await restart(t, nodeId, ids);
      rounds.push(await outageRound(t, proxy, nodeId, ids));
    }
    const current = await t.call('settings:get', {});
    const settings = [
      `workers.nodeHealthSeconds ${current.workers.nodeHealthSeconds}`,
      `settle confirmation ${CONFIRM_DELAY_MS / 1000} s apart`,
      'reconnect backoff: the default (1 s doubling to 8 s, with jitter)',
    ].join('; ');
    report(rounds, settings);
  } finally {
    if (setup) await removeAll(t, setup.nodeId);
    await t.close();
    await proxy.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
