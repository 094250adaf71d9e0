/**
 * Backups against the rig, with Debian's restic, of a one-service deployment whose volume holds
 * 500 MiB of random (incompressible) data in five files. Each round, into a fresh repository:
 *  (1) `backups:run` with the copy mode `live` (no stop/start in the timing: the deployment keeps
 *      running), request → job done, against the peer `ssh node1 'docker run --rm -v <volume>:/v
 *      busybox tar c /v' > file` (OpenSSH, the file on this computer), in the same round, alternating
 *      which goes first. Goal: MiB/s ours ≥ 0.9 × the peer's. That peer's `docker run` also writes
 *      the tar to the container's json-file log, so the same with `--log-driver none` is shown beside it.
 *  (2) 5 MiB of one file overwritten in place (1 % of the data), backed up again: how much the
 *      repository grew against its size after the first. Goal ≤ 5 %.
 *  (3) `backups:move` of the second backup to node2 (a new name: both nodes share one dockerd), and the
 *      reverse pipe `cat file | ssh node2 'docker run --rm -i -v <vol2>:/v busybox tar x -C /'` into a
 *      new volume. The move deploys a copy, then restores into it (stop, volume replaced, start); shown
 *      are the whole move, the restore job, and within it the data stream (first bytes → next step),
 *      each against the pipe; no goal is set. Both restored volumes are checked by md5.
 * Figures are printed, never asserted.
 */
import { execFile, spawn, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BackupRun } from '../../src/shared/contract/backups';
import type { Job } from '../../src/shared/contract/jobs';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig, type RigNode } from '../rig/rig';

const ROUNDS = 3;
const MIB = 1024 * 1024;
const FILES = 5;
const FILE_MIB = 100;
const CHANGED_MIB = 5;
/** Tries per round: other runs share the rig's engine. */
const ATTEMPTS = 2;
/** No job, pipe or command outlives this. */
const STEP_CAP_MS = 600_000;

const run = promisify(execFile);
const rig = loadRig();
const image = rig.images.local;
const suffix = randomBytes(3).toString('hex');
const work = makeTempDir('hoster-bench-backups-');
const [node1, node2] = rig.nodes as [RigNode, RigNode];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const template = {
  manifest: {
    name: 'Bench volume',
    slug: `bench-backup-${suffix}`,
    version: '1.0.0',
    description: 'One busybox service with one volume of data.',
    category: 'database',
    icon: '💾',
    price_monthly_cents: 0,
    resources: { cpu_cores: 0.1, memory_mb: 16, disk_mb: 600 },
  },
  compose: [
    'services:',
    '  data:',
    `    image: ${image}`,
    '    command: ["sh", "-c", "exec sleep 86400"]',
    '    volumes: ["data:/data"]',
    '    stop_grace_period: 1s',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n'),
};

const docker = (...args: string[]) =>
  run('docker', ['-H', rig.dockerHost, ...args], { timeout: STEP_CAP_MS, maxBuffer: 16 * MIB }).then((r) =>
    r.stdout.trim(),
  );

/** Runs a shell script in the deployment's running service; returns its stdout. */
async function shell(deploymentId: string, script: string): Promise<string> {
  const id = await docker(
    'ps',
    '-q',
    '--filter',
    `label=${labels.deployment}=${deploymentId}`,
    '--filter',
    `label=${labels.service}=data`,
  );
  if (!id) throw new Error(`the service of ${deploymentId} is not running`);
  return docker('exec', id, 'sh', '-c', script);
}

const DIGEST = 'cat $(ls -d /DIR/part* | sort) | md5sum | cut -c1-32';
const dataDigest = (deploymentId: string) => shell(deploymentId, DIGEST.replace('DIR', 'data'));
const volumeDigest = (volume: string) =>
  docker('run', '--rm', '-v', `${volume}:/v:ro`, image, 'sh', '-c', DIGEST.replace('DIR', 'v'));

/** Runs a command to its end (at most STEP_CAP_MS); rejects with its stderr unless it exits 0. */
function spawnDone(command: string, args: string[], stdio: StdioOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
    const timer = setTimeout(() => child.kill('SIGTERM'), STEP_CAP_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ended ${signal ?? `with code ${String(code)}`}: ${stderr.trim()}`));
    });
  });
}

/** OpenSSH to a rig node with the rig's client key, the node's host key pinned. */
const sshArgs = (node: RigNode) => [
  '-p',
  String(node.port),
  '-i',
  rig.clientKey.privateKeyPath,
  '-o',
  'IdentitiesOnly=yes',
  '-o',
  'BatchMode=yes',
  '-o',
  `UserKnownHostsFile=${rig.knownHostsFile}`,
  '-o',
  'StrictHostKeyChecking=yes',
  `${node.user}@${node.host}`,
];

/** `ssh node1 'docker run --rm [options] -v <volume>:/v busybox tar c /v' > file`: ms and bytes. */
async function peerBackup(
  volume: string,
  file: string,
  options = '',
): Promise<{ ms: number; bytes: number }> {
  const fd = openSync(file, 'w');
  const begin = performance.now();
  try {
    await spawnDone(
      'ssh',
      [...sshArgs(node1), `docker run --rm ${options}-v ${volume}:/v ${image} tar c /v`],
      ['ignore', fd, 'pipe'],
    );
  } finally {
    closeSync(fd);
  }
  return { ms: performance.now() - begin, bytes: statSync(file).size };
}

/** `cat file | ssh node2 'docker run --rm -i -v <volume>:/v busybox tar x -C /'` (docker run makes the volume): ms. */
async function peerRestore(file: string, volume: string): Promise<number> {
  const begin = performance.now();
  await spawnDone(
    'sh',
    [
      '-c',
      'file=$1; shift; cat "$file" | ssh "$@"',
      'sh',
      file,
      ...sshArgs(node2),
      `docker run --rm -i -v ${volume}:/v ${image} tar x -C /`,
    ],
    ['ignore', 'ignore', 'pipe'],
  );
  return performance.now() - begin;
}

/** Every jobs:changed event of the run, with when it came. */
interface JobEvent {
  at: number;
  job: Job;
}

const isEnded = (job: Job) => !['queued', 'running'].includes(job.status);

function waitJob(events: JobEvent[], jobId: string, since: number): Promise<JobEvent> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + STEP_CAP_MS;
    const look = () => {
      const ended = events.find((e) => e.at >= since && e.job.id === jobId && isEnded(e.job));
      if (ended) return resolve(ended);
      if (performance.now() > deadline)
        return reject(new Error(`job ${jobId} did not end in ${STEP_CAP_MS / 1000} s`));
      setTimeout(look, 20);
    };
    look();
  });
}

/** The run once its end is recorded (a listener on the job's end records it). */
async function endedRun(t: TestCore, deploymentId: string, runId: string): Promise<BackupRun> {
  for (let i = 0; i < 100; i += 1) {
    const found = (await t.call('backups:list', { deploymentId })).find((r) => r.id === runId);
    if (found && found.status !== 'running') return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

interface Backup {
  ms: number;
  run: BackupRun;
  /** The job's steps, each with when it began after the request. */
  steps: string;
}

/** A job's steps as `1.2 s Step`, timed from `begin`. */
function stepsOf(events: JobEvent[], begin: number): string {
  const steps: string[] = [];
  for (const e of events) {
    const step = e.job.progress?.step ?? e.job.status;
    if (!steps.at(-1)?.endsWith(step)) steps.push(`${((e.at - begin) / 1000).toFixed(1)} s ${step}`);
  }
  return steps.join('; ');
}

async function oursBackup(t: TestCore, events: JobEvent[], deploymentId: string): Promise<Backup> {
  const begin = performance.now();
  const { jobId, runId } = await t.call('backups:run', { deploymentId });
  const ended = await waitJob(events, jobId, begin);
  const ms = ended.at - begin;
  const done = await endedRun(t, deploymentId, runId);
  if (done.status !== 'succeeded') throw new Error(`the backup ${done.status}: ${done.error ?? ''}`);
  if (done.copyMode !== 'live') throw new Error(`the backup was taken ${done.copyMode}, not live`);
  const steps = stepsOf(
    events.filter((e) => e.at >= begin && e.job.id === jobId),
    begin,
  );
  return { ms, run: done, steps };
}

/** The repository folder's bytes, and restic's raw data (blobs as stored). */
async function repositorySize(location: string, password: string) {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (sum, entry) =>
        sum +
        (entry.isDirectory()
          ? walk(join(dir, entry.name))
          : entry.isFile()
            ? statSync(join(dir, entry.name)).size
            : 0),
      0,
    );
  const { stdout } = await run(
    'restic',
    ['stats', '--mode', 'raw-data', '--json', '--no-lock', '--no-cache'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        RESTIC_REPOSITORY: location,
        RESTIC_PASSWORD: password,
      },
      timeout: STEP_CAP_MS,
    },
  );
  return { folder: walk(location), raw: (JSON.parse(stdout) as { total_size: number }).total_size };
}

interface Move {
  totalMs: number;
  deployMs: number;
  restoreJobMs: number;
  /** From the restore's "Stopping containers" to its first volume progress (stopped, removed, volume recreated, restic and the helper started). */
  prepareMs: number;
  /** From the first volume progress (the first bytes through) to the step after it: the data streamed and written in. */
  streamMs: number;
  steps: string;
}

async function oursMove(
  t: TestCore,
  events: JobEvent[],
  runId: string,
  nodeId: string,
  name: string,
  created: string[],
): Promise<Move & { copyId: string }> {
  const begin = performance.now();
  const { jobId, deploymentId: copyId } = await t.call('backups:move', { runId, nodeId, name });
  created.push(copyId);
  const ended = await waitJob(events, jobId, begin);
  if (ended.job.status !== 'succeeded')
    throw new Error(`the move ${ended.job.status}: ${ended.job.error?.message ?? ''}`);
  const ofCopy = events.filter((e) => e.at >= begin && e.job.target === copyId);
  const deployEnd = ofCopy.find((e) => e.job.kind !== 'deployment:restore' && isEnded(e.job));
  const restore = ofCopy.filter((e) => e.job.kind === 'deployment:restore');
  const isVolumeStep = (e: JobEvent) => e.job.progress?.step.startsWith('Restoring volume') === true;
  const first = restore.findIndex(isVolumeStep);
  const last = restore.findLastIndex(isVolumeStep);
  const stopping = restore.find((e) => e.job.progress?.step === 'Stopping containers');
  const streaming = restore[first];
  const after = restore[last + 1];
  if (!deployEnd || !stopping || !streaming || !after)
    throw new Error('the move did not show a deploy and a volume restore in its events');
  const restoreBegin = restore[0]?.at ?? NaN;
  return {
    copyId,
    totalMs: ended.at - begin,
    deployMs: deployEnd.at - begin,
    restoreJobMs: (restore.at(-1)?.at ?? NaN) - restoreBegin,
    prepareMs: streaming.at - stopping.at,
    streamMs: after.at - streaming.at,
    steps: stepsOf(restore, restoreBegin),
  };
}

interface Round {
  first: Backup;
  peer: { ms: number; bytes: number };
  peerNoLog: { ms: number; bytes: number };
  second: Backup;
  size1: { folder: number; raw: number };
  size2: { folder: number; raw: number };
  move: Move;
  peerRestoreMs: number;
  isMoveIntact: boolean;
  isPeerIntact: boolean;
}

const mibps = (bytes: number, ms: number) => bytes / MIB / (ms / 1000);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const list = (values: number[], format: (v: number) => string) => `[${values.map(format).join(', ')}]`;
const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

interface Bench {
  t: TestCore;
  events: JobEvent[];
  secrets: ReturnType<typeof createKeyringSecretStore>;
  nodeIds: string[];
  deploymentId: string;
  volume: string;
  /** Every deployment this run made (copies included), for the last clean-up. */
  created: string[];
}

/** Deploys the source on node1, fills its volume, and sets its policy to live copies. */
async function setUp(bench: Omit<Bench, 'nodeIds' | 'deploymentId' | 'volume'>): Promise<Bench> {
  const { t } = bench;
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const nodeIds = [(await addRigNode(t, rig, 0, 'bench 1')).id, (await addRigNode(t, rig, 1, 'bench 2')).id];
  const templateId = await publishTemplate(t, template);
  const deployed = await deployAndSettle(t, {
    templateId,
    version: '1.0.0',
    name: `bench-bk-${suffix}`,
    nodeId: nodeIds[0] ?? '',
  });
  bench.created.push(deployed.id);
  if (deployed.status !== 'running')
    throw new Error(`deploy ended ${deployed.status}: ${deployed.error ?? ''}`);
  const volume = await docker('volume', 'ls', '-q', '--filter', `label=${labels.deployment}=${deployed.id}`);
  if (!volume || volume.includes('\n'))
    throw new Error(`expected one volume of the deployment, found: ${volume}`);
  await shell(
    deployed.id,
    `for i in $(seq 1 ${FILES}); do head -c ${FILE_MIB * MIB} /dev/urandom > /data/part$i; done`,
  );
  await t.call('backups:policy-set', {
    deploymentId: deployed.id,
    schedule: 'off',
    copyMode: 'live',
    // No retention rule, so no forget/prune after a run (it would run after the job, outside the timing anyway).
    retention: { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
  });
  return { ...bench, nodeIds, deploymentId: deployed.id, volume };
}

/** One round into a fresh repository; whatever it made (repository, files, the copy, the peer's volume) goes at its end. */
async function measureRound(bench: Bench, round: number, attempt: number): Promise<Round> {
  const { t, events, deploymentId, volume } = bench;
  const tag = `${String(round)}-${String(attempt)}`;
  const location = join(work.path, `repo-${tag}`);
  const peerFile = join(work.path, `peer-${tag}.tar`);
  const peerVolume = `hbk${suffix}-peer${tag}`;
  const copies: string[] = [];
  try {
    await t.call('backups:repository-set', { location });
    const password = (await bench.secrets.get('backups:repository-password')) ?? '';
    const digestBefore = await dataDigest(deploymentId);

    const isOursFirst = round % 2 === 0;
    let first: Backup | null = isOursFirst ? await oursBackup(t, events, deploymentId) : null;
    const peer = await peerBackup(volume, peerFile);
    first ??= await oursBackup(t, events, deploymentId);
    // Informational: the same peer with the container's log driver off (docker run also logs its stdout).
    const peerNoLog = await peerBackup(volume, `${peerFile}.nolog`, '--log-driver none ');
    await run('rm', ['-f', `${peerFile}.nolog`]);
    const size1 = await repositorySize(location, password);

    const seek = 10 + round * 20;
    await shell(
      deploymentId,
      `dd if=/dev/urandom of=/data/part3 bs=${MIB} count=${CHANGED_MIB} seek=${seek} conv=notrunc 2>/dev/null`,
    );
    const digestAfter = await dataDigest(deploymentId);
    const second = await oursBackup(t, events, deploymentId);
    const size2 = await repositorySize(location, password);

    const moveTo = () =>
      oursMove(t, events, second.run.id, bench.nodeIds[1] ?? '', `bench-bk-${suffix}-m${tag}`, copies);
    let move = isOursFirst ? null : await moveTo();
    const peerRestoreMs = await peerRestore(peerFile, peerVolume);
    move ??= await moveTo();
    const isMoveIntact = (await dataDigest(move.copyId)) === digestAfter;
    const isPeerIntact = (await volumeDigest(peerVolume)) === digestBefore;
    return { first, peer, peerNoLog, second, size1, size2, move, peerRestoreMs, isMoveIntact, isPeerIntact };
  } finally {
    bench.created.push(...copies);
    // A delete that fails leaves its resources to removeLeftovers at the end; the round's own error matters more.
    for (const id of copies)
      await t.call('deployments:delete', { id, deleteData: true }).catch(() => undefined);
    await t.core.jobs.settled();
    await docker('volume', 'rm', '-f', peerVolume).catch(() => '');
    await run('rm', ['-rf', location, peerFile, `${peerFile}.nolog`]);
  }
}

/** What the deletes left (a failed one): only what these deployments made. */
async function removeLeftovers(created: readonly string[]) {
  for (const id of created) {
    const filter = `label=${labels.deployment}=${id}`;
    const containers = await docker('ps', '-aq', '--filter', filter).catch(() => '');
    if (containers) await docker('rm', '-f', ...containers.split('\n')).catch(() => '');
    const networks = await docker('network', 'ls', '-q', '--filter', filter).catch(() => '');
    if (networks) await docker('network', 'rm', ...networks.split('\n')).catch(() => '');
    const volumes = await docker('volume', 'ls', '-q', '--filter', filter).catch(() => '');
    if (volumes) await docker('volume', 'rm', '-f', ...volumes.split('\n')).catch(() => '');
  }
}

/** The app's own account of a failure: its warnings and errors since `from` (the test core keeps its log lines). */
const appProblems = (t: TestCore, from: number) =>
  t
    .transcript()
    .split('\n')
    .slice(from)
    .filter((line) => /"level":"(error|warn)"/.test(line));

async function main() {
  const secrets = createKeyringSecretStore(`hoster-bench-backups-${suffix}`);
  const t = createTestCore({ secrets });
  const events: JobEvent[] = [];
  const stopRecording = t.core.events.on('jobs:changed', (job) =>
    events.push({ at: performance.now(), job }),
  );
  const created: string[] = [];
  const rounds: Round[] = [];
  const notes: string[] = [];
  const loadBefore = loadavg();
  try {
    const bench = await setUp({ t, events, secrets, created });
    for (let round = 0; round < ROUNDS; round += 1) {
      // Other runs on the rig share its dockerd (a backup there removes every helper container it finds):
      // a round that fails is tried once more, and said so.
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        const logFrom = t.transcript().split('\n').length;
        try {
          rounds.push(await measureRound(bench, round, attempt));
          break;
        } catch (error) {
          const why = [
            error instanceof Error ? error.message : String(error),
            ...appProblems(t, logFrom),
          ].join('\n      ');
          notes.push(`round ${String(round + 1)}, attempt ${String(attempt)} failed: ${why}`);
          if (attempt === ATTEMPTS) throw error;
        }
      }
    }
  } finally {
    stopRecording();
    // Not lost: what a failed delete leaves, removeLeftovers removes.
    for (const id of created)
      await t.call('deployments:delete', { id, deleteData: true }).catch(() => undefined);
    await t.core.jobs.settled();
    await removeLeftovers(created);
    await t.close();
    work.remove();
    for (const note of notes) console.log(`note: ${note}`);
  }
  report(rounds, loadBefore);
}

function report(rounds: Round[], loadBefore: number[]) {
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
  console.log(
    `${FILES} files × ${FILE_MIB} MiB of random data in one volume, node1 → repository on this computer (restic from the PATH), ${rounds.length} rounds, median first; load average before ${load(loadBefore)}, after ${load(loadavg())}`,
  );
  const ours = rounds.map((r) => mibps(r.first.run.bytes, r.first.ms));
  const peer = rounds.map((r) => mibps(r.peer.bytes, r.peer.ms));
  const peerNoLog = rounds.map((r) => mibps(r.peerNoLog.bytes, r.peerNoLog.ms));
  const fixed = (v: number) => v.toFixed(1);
  console.log('(1) backup of the volume into a new repository');
  console.log(
    `  (a) Hoster Desktop backups:run, copy mode live (the deployment keeps running: no stop/start in the timing), request → job done: ${fixed(median(ours))} MiB/s ${list(ours, fixed)}; ${seconds(median(rounds.map((r) => r.first.ms)))} for ${mib(rounds[0]?.first.run.bytes ?? NaN)} of tar; the run's own duration ${seconds(median(rounds.map((r) => r.first.run.durationMs ?? NaN)))}`,
  );
  console.log(
    `  (b) ssh node1 'docker run --rm -v <volume>:/v busybox tar c /v' > file: ${fixed(median(peer))} MiB/s ${list(peer, fixed)}; ${seconds(median(rounds.map((r) => r.peer.ms)))} for ${mib(rounds[0]?.peer.bytes ?? NaN)}`,
  );
  console.log(
    `  (b′) informational, the same with --log-driver none (docker run also writes the container's stdout to its json-file log): ${fixed(median(peerNoLog))} MiB/s ${list(peerNoLog, fixed)}`,
  );
  console.log(`  last first backup's steps (from the request): ${rounds.at(-1)?.first.steps ?? ''}`);
  const ratio = median(ours) / median(peer);
  console.log(
    `  ratio MiB/s (a)/(b) = ${ratio.toFixed(2)} (goal ≥ 0.9): ${ratio >= 0.9 ? 'met' : 'missed'}; (a)/(b′) = ${(median(ours) / median(peerNoLog)).toFixed(2)}`,
  );

  const growthFolder = rounds.map((r) => (r.size2.folder - r.size1.folder) / r.size1.folder);
  const growthRaw = rounds.map((r) => (r.size2.raw - r.size1.raw) / r.size1.raw);
  const growthAdded = rounds.map((r) => r.second.run.addedBytes / r.first.run.addedBytes);
  console.log(
    `(2) second backup after ${CHANGED_MIB} MiB of one file overwritten in place (${pct(CHANGED_MIB / (FILES * FILE_MIB))} of the data)`,
  );
  console.log(
    `  repository folder after the first ${mib(median(rounds.map((r) => r.size1.folder)))}, grew by ${mib(median(rounds.map((r) => r.size2.folder - r.size1.folder)))}: ${pct(median(growthFolder))} ${list(growthFolder, pct)}`,
  );
  console.log(`  restic stats --mode raw-data: grew ${pct(median(growthRaw))} ${list(growthRaw, pct)}`);
  console.log(
    `  the run's addedBytes: ${mib(median(rounds.map((r) => r.second.run.addedBytes)))} against ${mib(median(rounds.map((r) => r.first.run.addedBytes)))}: ${pct(median(growthAdded))} ${list(growthAdded, pct)}; second backup took ${seconds(median(rounds.map((r) => r.second.ms)))}`,
  );
  const worst = Math.max(...growthFolder, ...growthRaw);
  console.log(
    `  growth (folder and raw data, worst round) ${pct(worst)} (goal ≤ 5 %): ${worst <= 0.05 ? 'met' : 'missed'}`,
  );

  const moves = rounds.map((r) => r.move);
  const restoreMs = rounds.map((r) => r.peerRestoreMs);
  console.log('(3) restore of the second backup onto node2');
  console.log(
    `  (a) Hoster Desktop backups:move, request → job done ${seconds(median(moves.map((m) => m.totalMs)))} ${list(
      moves.map((m) => m.totalMs),
      (v) => (v / 1000).toFixed(2),
    )}: the copy deployed ${seconds(median(moves.map((m) => m.deployMs)))}, its restore job ${seconds(median(moves.map((m) => m.restoreJobMs)))} (stop, containers removed, volume replaced, start)`,
  );
  console.log(
    `      in it: containers stopped (1 s grace), removed, volume recreated, restic dump and the helper started ${seconds(median(moves.map((m) => m.prepareMs)))}; then from the first bytes to the next step ${seconds(median(moves.map((m) => m.streamMs)))} ${list(
      moves.map((m) => m.streamMs),
      (v) => (v / 1000).toFixed(2),
    )}, ${fixed(median(rounds.map((r) => mibps(r.second.run.bytes, r.move.streamMs))))} MiB/s`,
  );
  console.log(
    `  (b) cat file | ssh node2 'docker run --rm -i -v <vol2>:/v busybox tar x -C /' (ssh connect and container start included): ${seconds(median(restoreMs))} ${list(restoreMs, (v) => (v / 1000).toFixed(2))}, ${fixed(median(rounds.map((r) => mibps(r.peer.bytes, r.peerRestoreMs))))} MiB/s`,
  );
  console.log(
    `  ratio time (a)/(b): data stream ${(median(moves.map((m) => m.streamMs)) / median(restoreMs)).toFixed(2)}, restore job ${(median(moves.map((m) => m.restoreJobMs)) / median(restoreMs)).toFixed(2)}, whole move ${(median(moves.map((m) => m.totalMs)) / median(restoreMs)).toFixed(2)} (no goal set)`,
  );
  console.log(`  last restore job's steps: ${moves.at(-1)?.steps ?? ''}`);
  const intact = rounds.filter((r) => r.isMoveIntact && r.isPeerIntact).length;
  console.log(
    `  restored data identical (md5 of the files) in ${intact} of ${rounds.length} rounds, both sides`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
