/**
 * The monitoring cost curve as the fleet grows: 1 × 2, 5 × 50 and 20 × 200 (nodes × containers), the
 * nodes extra sshd on loopback (127.0.31.x) sharing the rig's engine, busybox services logging a line
 * every 2 s. The app runs in a process of its own (fleet-app.ts) so its CPU and memory are read from
 * /proc; dockerd (and its containerd) likewise. For each size, in one run:
 *  - dockerd with nobody watching (the app stopped; before and after, averaged), then the app
 *    restarted: time to its first answer;
 *  - the app idle with no window, then with a window (fleet page loaded, one deployment on screen):
 *    its CPU (% of one core) and resident memory, dockerd above nobody, requests a minute per node by
 *    kind (container stats, logs, container list, other execs, other API requests);
 *  - the data folder's growth over both windows (SQLite pages in use, plus any other file), a figure
 *    per hour, and per byte of log text stored (from `monitoring:usage`).
 * Figures are printed beside the goals at 20 × 200, never asserted.
 *
 *   FLEET_SIZES=1x2,5x50 FLEET_SECONDS=60 FLEET_PROFILE=/tmp/prof   (all optional; profile = the app's --cpu-prof)
 *   bash tests/rig/with-keyring.sh npx tsx --tsconfig tsconfig.node.json tests/bench/fleet-cost.bench.ts
 *
 * The engine is swept of the size's containers, networks and volumes at the end (the app's data folder
 * goes with the temporary folder). Each size deploys `containers / perDeployment` deployments, each with a network of its own: the
 * rig's address pool (a /17 in /24s) holds 128, shared with other tests, so the 20 × 200 point runs
 * 40 deployments of 5 services rather than 100 of 2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { makeTempDir } from '../helpers/temp-dir';
import type { TestSshd } from '../helpers/sshd';
import { loadRig } from '../rig/rig';
import { startLoopbackNodes } from './bench-core';

const SIZES = [
  { nodes: 1, containers: 2, perDeployment: 2 },
  { nodes: 5, containers: 50, perDeployment: 2 },
  { nodes: 20, containers: 200, perDeployment: 5 },
].filter(({ nodes, containers }) =>
  (process.env.FLEET_SIZES ?? '1x2,5x50,20x200').split(',').includes(`${nodes}x${containers}`),
);
const SECONDS = Number(process.env.FLEET_SECONDS ?? 60);
const NOBODY_SECONDS = Math.min(30, SECONDS);
const SETTLE_MAX_SECONDS = 90;
const TICKS = 100;
const PREFIX = 'fleetcost-';
const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dockerdPid = Number(/^dockerd (\d+)$/m.exec(readFileSync(rig.pidsFile, 'utf8'))?.[1]);
const statFields = (pid: number | string) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};
const containerdPid = readdirSync('/proc')
  .filter((name) => /^\d+$/.test(name))
  .find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'containerd' && statFields(pid)[1] === String(dockerdPid);
    } catch {
      return false;
    }
  });
const enginePids = [dockerdPid, ...(containerdPid ? [containerdPid] : [])];
const ticksOf = (pids: (number | string)[]) =>
  pids.reduce<number>((sum, pid) => sum + Number(statFields(pid)[11]) + Number(statFields(pid)[12]), 0);
const rssMb = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** The bytes the data folder holds: SQLite pages in use (the WAL's included), every other file as it is. */
function dataBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /-(wal|shm|journal)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const header = readFileSync(path).subarray(0, 16).toString('latin1');
    if (header !== 'SQLite format 3\0') {
      total += statSync(path).size;
      continue;
    }
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const pragma = (name: string) => db.pragma(name, { simple: true }) as number;
      total += (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
    } finally {
      db.close();
    }
  }
  return total;
}

type Counts = Record<'stats' | 'logs' | 'list' | 'exec' | 'other', number>;
interface Reply {
  ok?: boolean;
  error?: string;
  counts: Counts;
  usage?: { deployments: { logBytes: number }[] };
  ready?: boolean;
  firstAnswerMs?: number;
  bootMs?: number;
  loadMs?: number;
  coreMs?: number;
}

/** The app in its own process, and a way to ask it to do things. */
function startApp(dataDir: string, keyring: string, profile: string | undefined) {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '--import', 'tsx', join(import.meta.dirname, 'fleet-app.ts')],
    {
      env: { ...process.env, FLEET_DATA_DIR: dataDir, FLEET_KEYRING: keyring, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const replies: ((reply: Reply) => void)[] = [];
  child.on('message', (reply: Reply) => replies.shift()?.(reply));
  const next = () => new Promise<Reply>((resolve) => replies.push(resolve));
  const ready = next();
  const ask = async (what: string, input?: unknown): Promise<Reply> => {
    const answer = next();
    child.send({ do: what, input });
    const reply = await answer;
    if (reply.ok === false) throw new Error(`the app could not ${what}: ${reply.error}`);
    return reply;
  };
  const close = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await ask('close');
    await exited;
  };
  return { pid: child.pid!, ready, ask, close, kill: () => child.kill('SIGKILL') };
}
type App = ReturnType<typeof startApp>;

const logBytes = (reply: Reply) => (reply.usage?.deployments ?? []).reduce((sum, d) => sum + d.logBytes, 0);

/** One window: the app's and the engine's CPU, the app's memory, and the requests it sent. */
async function measure(app: App, nodes: number) {
  const before = { app: ticksOf([app.pid]), engine: ticksOf(enginePids), counts: (await app.ask('usage')).counts };
  const rss: number[] = [];
  for (let s = 0; s < SECONDS; s += 5) {
    await sleep(5000);
    rss.push(rssMb(app.pid));
  }
  const after = { app: ticksOf([app.pid]), engine: ticksOf(enginePids), counts: (await app.ask('usage')).counts };
  const perMinutePerNode = Object.fromEntries(
    Object.entries(after.counts).map(([kind, n]) => [kind, ((n - before.counts[kind as keyof Counts]) * 60) / SECONDS / nodes]),
  );
  return {
    app: ((after.app - before.app) / TICKS / SECONDS) * 100,
    engine: ((after.engine - before.engine) / TICKS / SECONDS) * 100,
    rss: Math.max(...rss),
    requests: perMinutePerNode,
  };
}

/** Removes whatever a size left on the engine: containers, networks and volumes of our projects. */
async function sweepEngine() {
  const ours = (found: Record<string, string> | undefined) => found?.[labels.project]?.startsWith(PREFIX) === true;
  for (const container of await docker.listContainers({ all: true, filters: { label: [labels.project] } }))
    if (ours(container.Labels)) await docker.getContainer(container.Id).remove({ force: true, v: true });
  for (const network of await docker.listNetworks({ filters: { label: [labels.project] } }))
    if (ours(network.Labels)) await docker.getNetwork(network.Id).remove();
  const { Volumes } = await docker.listVolumes({ filters: { label: [labels.project] } });
  for (const volume of Volumes) if (ours(volume.Labels)) await docker.getVolume(volume.Name).remove();
}

/**
 * Waits for the restarted app to finish catching up (the event replay and inspecting every
 * container): until 5 s pass without a request other than stats, logs, listing or execs.
 */
async function caughtUp(app: App): Promise<number> {
  const started = performance.now();
  let other = (await app.ask('usage')).counts.other;
  for (let waited = 0; waited < SETTLE_MAX_SECONDS; waited += 5) {
    await sleep(5000);
    const now = (await app.ask('usage')).counts.other;
    if (now === other && waited >= 10) break;
    other = now;
  }
  return (performance.now() - started) / 1000;
}

/** dockerd (and containerd) CPU with the app stopped: the engine's own cost of the running fleet. */
async function engineAlone(): Promise<number> {
  await sleep(3000);
  const before = ticksOf(enginePids);
  await sleep(NOBODY_SECONDS * 1000);
  return ((ticksOf(enginePids) - before) / TICKS / NOBODY_SECONDS) * 100;
}

async function runSize(size: (typeof SIZES)[number], dir: string) {
  const keyring = `hoster-bench-${randomUUID()}`;
  const dataDir = join(dir, `data-${size.nodes}x${size.containers}`);
  const servers: TestSshd[] = await startLoopbackNodes(join(dir, `sshd-${size.nodes}`), size.nodes, 31, rig.clientKey.publicKey);
  let app: App | null = null;
  try {
    app = startApp(dataDir, keyring, undefined);
    await app.ready;
    console.log(`${size.nodes} × ${size.containers}: deploying ${size.containers / size.perDeployment} deployments of ${size.perDeployment} services…`);
    await app.ask('setup', {
      nodes: servers.map((s) => ({ host: s.host, port: s.port, fingerprint: s.hostKeyFingerprint() })),
      deployments: size.containers / size.perDeployment,
      perDeployment: size.perDeployment,
      prefix: PREFIX,
      dockerSocket: rig.dockerSocket,
      keyPath: rig.clientKey.privateKeyPath,
      image: rig.images.local,
    });
    await app.close();
    app = null;

    const nobodyBefore = await engineAlone();

    app = startApp(dataDir, keyring, process.env.FLEET_PROFILE);
    const started = await app.ready;
    const settledIn = await caughtUp(app);
    const bytesBefore = dataBytes(dataDir);
    const textBefore = logBytes(await app.ask('usage'));
    const windowStarted = performance.now();
    const hidden = await measure(app, size.nodes);
    await app.ask('window');
    await sleep(3000);
    const shown = await measure(app, size.nodes);
    await app.ask('no-window');
    const hours = (performance.now() - windowStarted) / 3_600_000;
    const growth = dataBytes(dataDir) - bytesBefore;
    const text = logBytes(await app.ask('usage')) - textBefore;
    await app.close();
    app = null;
    // Nobody watching again, so other work on the shared engine meanwhile shows in the baseline.
    const nobodyAfter = await engineAlone();
    const nobody = (nobodyBefore + nobodyAfter) / 2;
    return { size, nobody, nobodies: [nobodyBefore, nobodyAfter], started, settledIn, hidden, shown, growthPerHour: growth / hours, perTextByte: growth / Math.max(1, text) };
  } finally {
    app?.kill();
    await Promise.all(servers.map((server) => server.stop()));
    await sweepEngine();
  }
}

const pct = (value: number) => `${value.toFixed(2)} %`;
const requests = (r: Record<string, number>) =>
  `${Object.values(r).reduce((a, b) => a + b, 0).toFixed(0)} (stats ${r.stats?.toFixed(0)}, logs ${r.logs?.toFixed(0)}, list ${r.list?.toFixed(0)}, exec ${r.exec?.toFixed(0)}, other ${r.other?.toFixed(0)})`;

function report(m: Awaited<ReturnType<typeof runSize>>) {
  const goals = m.size.nodes === 20;
  const goal = (text: string) => (goals ? ` (goal ${text})` : '');
  console.log(
    `\n${m.size.nodes} nodes × ${m.size.containers} containers (${SECONDS} s windows, from ${m.settledIn.toFixed(0)} s after the restart, once caught up)`,
  );
  console.log(`  app CPU: window ${pct(m.shown.app)}${goal('< 2 %')}, none ${pct(m.hidden.app)}${goal('< 1 %')}`);
  console.log(`  app resident: window ${m.shown.rss.toFixed(0)} MB, none ${m.hidden.rss.toFixed(0)} MB${goal('< 300 MB')}`);
  console.log(
    `  dockerd(+containerd) nobody ${pct(m.nobody)} (before ${pct(m.nobodies[0]!)}, after ${pct(m.nobodies[1]!)}); above nobody: window ${pct(m.shown.engine - m.nobody)}, none ${pct(m.hidden.engine - m.nobody)}${goal('< 2 %')}`,
  );
  console.log(`  requests/min per node: window ${requests(m.shown.requests)}; none ${requests(m.hidden.requests)}`);
  console.log(
    `  data growth ${(m.growthPerHour / 1e6).toFixed(1)} MB/hour; ${m.perTextByte.toFixed(2)} bytes on disk per byte of log text${goal('<= 1')}`,
  );
  console.log(
    `  first answer after a restart: ${m.started.firstAnswerMs?.toFixed(0)} ms from process start (node and tsx ${m.started.bootMs?.toFixed(0)} ms, loading the core's modules ${m.started.loadMs?.toFixed(0)} ms, core created → answer ${m.started.coreMs?.toFixed(0)} ms)${goal('< 1000 ms')}`,
  );
}

const dir = makeTempDir('hoster-bench-fleet-');
try {
  console.log(`engine pids: dockerd ${dockerdPid}${containerdPid ? `, containerd ${containerdPid}` : ''}`);
  for (const size of SIZES) report(await runSize(size, dir.path));
} finally {
  dir.remove();
}
