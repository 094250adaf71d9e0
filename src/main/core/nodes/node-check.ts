import type Docker from 'dockerode';
import type {
  DockerProbe,
  Node,
  NodeResources,
  NodeStatus,
  NodeTest,
  TestStep,
} from '@shared/contract/nodes';
import { AppError, isAppError } from '@shared/result';
import { classifyDockerError } from '../ssh/classify-error';
import type { NodeConnections } from '../ssh/node-connections';
import { probeFailure } from './docker-socket-probe';

const labels: Record<TestStep['name'], string> = {
  reach: 'SSH reachable',
  hostKey: 'Host key matches the pinned one',
  auth: 'Logged in',
  docker: 'Docker engine answers',
  disk: 'Disk space on the Docker root',
};

/** Which of the SSH steps a connection failure belongs to, from its code. */
const failedSshStep = (error: AppError): TestStep['name'] => {
  if (error.code === 'host_key_unknown' || error.code === 'host_key_mismatch') return 'hostKey';
  if (
    error.code === 'auth_failed' ||
    error.code === 'not_found' ||
    error.code === 'vault_locked' ||
    error.code === 'keychain_unavailable'
  )
    return 'auth';
  return 'reach';
};

/** A promise that never rejects: its outcome as a value, so it can start early and be read later. */
const settle = <T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const withSignal = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

export type EngineFacts = Omit<NodeResources, 'diskFreeBytes' | 'diskTotalBytes'>;

export const engineFactsOf = (r: NodeResources): EngineFacts => ({
  dockerVersion: r.dockerVersion,
  apiVersion: r.apiVersion,
  os: r.os,
  kernel: r.kernel,
  cpus: r.cpus,
  memoryBytes: r.memoryBytes,
  dockerRootDir: r.dockerRootDir,
  containersRunning: r.containersRunning,
});

/** What the engine says about itself: version, OS, CPUs, memory, its root folder. */
async function engineFacts(docker: Docker): Promise<EngineFacts> {
  type Info = {
    NCPU?: number;
    MemTotal?: number;
    OperatingSystem?: string;
    KernelVersion?: string;
    DockerRootDir?: string;
    ContainersRunning?: number;
  };
  const [info, version] = await Promise.all([
    docker.info() as Promise<Info>,
    docker.version() as Promise<{ Version?: string; ApiVersion?: string }>,
  ]);
  return {
    dockerVersion: version.Version ?? 'unknown',
    apiVersion: version.ApiVersion ?? 'unknown',
    os: info.OperatingSystem ?? 'unknown',
    kernel: info.KernelVersion ?? 'unknown',
    cpus: info.NCPU ?? 0,
    memoryBytes: info.MemTotal ?? 0,
    dockerRootDir: info.DockerRootDir ?? '/var/lib/docker',
    containersRunning: info.ContainersRunning ?? 0,
  };
}

type StepOf = (name: TestStep['name'], status: TestStep['status'], detail?: string) => void;

/** The SSH steps (reach, host key, login); on failure, the error and which step it belongs to. */
async function sshSteps(
  node: Node,
  connections: NodeConnections,
  options: { force: boolean; signal: AbortSignal },
  step: StepOf,
  fromUnknown: (error: unknown) => AppError,
): Promise<AppError | null> {
  try {
    await withSignal(connections.connect(node.id, { force: options.force }), options.signal);
    step('reach', 'ok', `${node.host}:${node.port}`);
    step('hostKey', 'ok', node.hostKeyFingerprint ?? undefined);
    step('auth', 'ok', node.auth === 'agent' ? `${node.user}, with ssh-agent` : node.user);
    return null;
  } catch (failure) {
    const error = fromUnknown(failure);
    const failed = failedSshStep(error);
    for (const name of ['reach', 'hostKey', 'auth'] as const) {
      if (name === failed) {
        step(name, 'failed', error.message);
        break;
      }
      step(name, 'ok');
    }
    return error;
  }
}

export interface CheckOptions {
  force: boolean;
  signal: AbortSignal;
  now: () => Date;
  known?: EngineFacts | null;
  /** Where the engine was looked for just before (see docker-locator.ts); its answer joins the test. */
  dockerProbe?: DockerProbe | null;
}

/**
 * Tests a node step by step: SSH reachable, host key, login, Docker engine (version, OS, CPUs,
 * memory), disk free on the Docker root. Never throws: every failure becomes a failed step with
 * an error that says what to do. `force` dials even while the connection waits to retry; `known`
 * engine facts (from a recent full check) skip asking the engine for them again.
 */
export async function checkNode(
  node: Node,
  connections: NodeConnections,
  options: CheckOptions,
): Promise<NodeTest> {
  const run = startCheck(node, options);
  if (node.kind === 'ssh') {
    const sshError = await sshSteps(node, connections, options, run.step, run.fromUnknown);
    if (sshError) return run.finish('offline', sshError, null, null);
  }
  const engineDown = node.kind === 'ssh' ? 'degraded' : 'offline';
  const { dockerProbe } = run;
  if (dockerProbe && !dockerProbe.chosen) {
    const error = probeFailure(dockerProbe, node.name);
    run.step('docker', 'failed', error.message);
    return run.finish(engineDown, error, null, null);
  }
  // With the engine facts known, the disk is asked at the same time as the ping: one round trip.
  const early = options.known ? askDisk(node, connections, options, options.known.dockerRootDir) : null;
  const engine = await engineStep(run, node, connections, options);
  if (!engine.ok) return run.finish(engineDown, engine.error, null, null);
  const space = diskStep(
    run,
    await (early ?? askDisk(node, connections, options, engine.facts.dockerRootDir)),
    engine.facts,
  );
  return run.finish('online', null, engine.latencyMs, {
    ...engine.facts,
    diskFreeBytes: space?.freeBytes ?? null,
    diskTotalBytes: space?.totalBytes ?? null,
  });
}

type CheckRun = ReturnType<typeof startCheck>;

/** The steps of one check as they are recorded, and how the check ends (every step not reached: skipped). */
function startCheck(node: Node, options: CheckOptions) {
  const steps: TestStep[] = [];
  const step: StepOf = (name, status, detail) =>
    steps.push({ name, label: labels[name], status, ...(detail ? { detail } : {}) });
  const dockerProbe = options.dockerProbe ?? null;
  const finish = (
    status: NodeStatus,
    error: AppError | null,
    latencyMs: number | null,
    resources: NodeResources | null,
  ): NodeTest => {
    for (const name of Object.keys(labels) as TestStep['name'][])
      if (!steps.some((s) => s.name === name)) step(name, 'skipped');
    return {
      nodeId: node.id,
      isOk: error === null,
      status,
      checkedAt: options.now().toISOString(),
      latencyMs,
      steps,
      resources,
      error: error?.toData() ?? null,
      dockerProbe,
    };
  };
  const timeoutError = () =>
    new AppError(
      'timeout',
      `${node.name} did not finish answering in time. The server or its Docker engine may be overloaded, or the network slow.`,
    );
  const fromUnknown = (error: unknown) =>
    options.signal.aborted
      ? timeoutError()
      : isAppError(error)
        ? error
        : classifyDockerError(error, { socket: node.dockerSocket, user: node.user, host: node.name });
  return { step, finish, fromUnknown, dockerProbe };
}

const askDisk = (node: Node, connections: NodeConnections, options: CheckOptions, dockerRootDir: string) =>
  settle(withSignal(connections.diskSpace(node.id, dockerRootDir), options.signal));

/** Pings the engine (its latency) and reads its facts, unless a recent full check knows them. */
async function engineStep(
  run: CheckRun,
  node: Node,
  connections: NodeConnections,
  options: CheckOptions,
): Promise<{ ok: true; facts: EngineFacts; latencyMs: number } | { ok: false; error: AppError }> {
  try {
    const docker = await connections.docker(node.id);
    const started = performance.now();
    await withSignal(docker.ping(), options.signal);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const facts = options.known ?? (await withSignal(engineFacts(docker), options.signal));
    const found = run.dockerProbe ? `; ${run.dockerProbe.message}` : '';
    run.step('docker', 'ok', `Docker ${facts.dockerVersion} on ${facts.os}${found}`);
    return { ok: true, facts, latencyMs };
  } catch (failure) {
    const error = run.fromUnknown(failure);
    run.step('docker', 'failed', error.message);
    return { ok: false, error };
  }
}

function diskStep(run: CheckRun, disk: Awaited<ReturnType<typeof askDisk>>, engine: EngineFacts) {
  if (disk.ok)
    run.step(
      'disk',
      'ok',
      `${(disk.value.freeBytes / 2 ** 30).toFixed(1)} GiB free on ${engine.dockerRootDir}`,
    );
  else run.step('disk', 'failed', disk.error instanceof Error ? disk.error.message : String(disk.error));
  return disk.ok ? disk.value : null;
}
