import { execFile } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { Client } from 'ssh2';
import type { Unsubscribe } from '@shared/contract';
import { AppError } from '@shared/result';
import { createDockerOverSsh, createLocalDocker, type StreamAgent } from '../docker/docker-over-ssh';
import type { Logger } from '../logger';
import { classifyDockerChannelError } from './classify-error';
import { createDialPacer, DIAL_SPACING_MS, type DialPacer } from './dial-pacer';
import { diskSpaceFromDf, localDiskSpace, shellQuote, type DiskSpace } from './disk-space';
import { openLocalForward, type LocalForward } from './local-forward';
import {
  createManagedConnection,
  type ConnectionStatus,
  type ExecResult,
  type ExecOptions,
  type ManagedConnection,
} from './managed-connection';
import { connectSsh, defaultSshTimings, scanHostKey, type SshTarget, type SshTimings } from './ssh-connect';

export type { ConnectionStatus, DiskSpace, ExecOptions, ExecResult, LocalForward };

/** How to reach a node, resolved afresh for every dial so edits and re-pins apply on reconnect. */
export type NodeTarget =
  | { kind: 'local'; name: string; dockerSocket: string }
  | { kind: 'ssh'; name: string; ssh: SshTarget; jumpNodeId: string | null; dockerSocket: string };

/**
 * The one way the rest of the core reaches a node: deployments, monitoring and the health worker
 * all share one SSH connection per node through this. "This computer" (kind `local`) is served on
 * the local Docker socket and shell with no SSH at all.
 */
export interface NodeConnections {
  /** A Docker client for the node's engine; requests travel as stream-local channels over the node's connection. */
  docker(nodeId: string): Promise<Docker>;
  /** Whether an engine answers Docker's /_ping on `socketPath` of the node (not the node's own socket) within `timeoutMs`. */
  pingDockerAt(nodeId: string, socketPath: string, timeoutMs: number): Promise<boolean>;
  /** Runs a shell command on the node (at most `maxSessions` at once per node); abort kills it. */
  /** `repeated`: a small read made again and again, run in the connection's kept shell (the node's shell start-up paid once). */
  exec(nodeId: string, command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Listens on 127.0.0.1:<free port> and forwards each connection to remoteHost:remotePort as the node sees it. */
  /** `remotePort` may be a function, asked afresh for each connection: a forward that follows a port that moves. */
  openLocalForward(nodeId: string, remoteHost: string, remotePort: number | (() => number)): Promise<LocalForward>;
  /** Connects now if not connected; `force` also skips the backoff wait and retries after a permanent failure. */
  connect(nodeId: string, options?: { force?: boolean }): Promise<void>;
  status(nodeId: string): ConnectionStatus;
  /** Size and free space of the filesystem holding `path` on the node. */
  diskSpace(nodeId: string, path: string): Promise<DiskSpace>;
  /** First contact: the host key's fingerprint, read during key exchange; no login, nothing run. */
  scanHostKey(
    host: string,
    port: number,
    jumpNodeId: string | null,
  ): Promise<{ fingerprint: string; algorithm: string }>;
  /** Every state change of a node's connection: `ready`, and a drop (state leaves `ready`). */
  onChange(listener: (nodeId: string, status: ConnectionStatus) => void): Unsubscribe;
  /** Drops the node's connection; the next use dials again with the node's current settings. */
  reset(nodeId: string): void;
  close(): Promise<void>;
}

export interface NodeConnectionsOptions {
  resolveTarget: (nodeId: string) => Promise<NodeTarget>;
  logger: Logger;
  timings?: SshTimings;
  maxSessions?: number;
  backoff?: { baseMs: number; maxMs: number; random?: () => number };
}

const idleStatus: ConnectionStatus = { state: 'idle', lastError: null, connectedAt: null, retryAt: null };
const MAX_JUMP_DEPTH = 4;

/** What the functions below share: the options and every connection, Docker client and forward open. */
interface Pool {
  options: NodeConnectionsOptions;
  timings: SshTimings;
  connections: Map<string, ManagedConnection>;
  dockers: Map<string, { docker: Docker; agent: StreamAgent | null; socket: string }>;
  forwards: Set<LocalForward>;
  listeners: Set<(nodeId: string, status: ConnectionStatus) => void>;
  pacer: DialPacer;
  isClosed: boolean;
}

export function createNodeConnections(options: NodeConnectionsOptions): NodeConnections {
  const pool: Pool = {
    options,
    timings: options.timings ?? defaultSshTimings,
    connections: new Map(),
    dockers: new Map(),
    forwards: new Set(),
    listeners: new Set(),
    pacer: createDialPacer(DIAL_SPACING_MS),
    isClosed: false,
  };
  const { connections, dockers, listeners, timings } = pool;

  return {
    docker: (nodeId) => dockerFor(pool, nodeId),

    pingDockerAt: (nodeId, socketPath, timeoutMs) => pingAt(pool, nodeId, socketPath, timeoutMs),

    async exec(nodeId, command, execOptions = {}) {
      const target = await options.resolveTarget(nodeId);
      if (target.kind === 'local') return execLocal(command, execOptions.signal);
      return connectionOf(pool, nodeId).exec(command, execOptions);
    },

    openLocalForward: (nodeId, remoteHost, remotePort) => openForward(pool, nodeId, remoteHost, remotePort),

    async connect(nodeId, connectOptions = {}) {
      const target = await options.resolveTarget(nodeId);
      if (target.kind === 'local') return;
      await connectionOf(pool, nodeId).connect(connectOptions);
    },

    status: (nodeId) => connections.get(nodeId)?.status() ?? idleStatus,

    diskSpace: (nodeId, path) => diskSpaceOf(pool, nodeId, path),

    async scanHostKey(host, port, jumpNodeId) {
      if (!jumpNodeId) return scanHostKey(host, port, { timings });
      const jump = await options.resolveTarget(jumpNodeId);
      const via = await connectionOf(pool, jumpNodeId).connect();
      return scanHostKey(host, port, { timings, via, viaName: jump.name });
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    reset(nodeId) {
      dockers.get(nodeId)?.agent?.destroy();
      dockers.delete(nodeId);
      // A fresh connection object next time; nodes reached through this one as a jump host drop
      // with it and reconnect on their own.
      connections.get(nodeId)?.close();
      connections.delete(nodeId);
    },

    close: () => closePool(pool),
  };
}

async function dial(pool: Pool, nodeId: string, depth: number): Promise<Client> {
  const { options, timings } = pool;
  const target = await options.resolveTarget(nodeId);
  if (target.kind !== 'ssh')
    throw new AppError('unsupported', `${target.name} is this computer: it needs no SSH connection.`);
  if (!target.jumpNodeId) return pool.pacer.turn().then(() => connectSsh(target.ssh, { timings }));
  if (depth >= MAX_JUMP_DEPTH)
    throw new AppError('invalid_input', `${target.name} reaches itself through its chain of jump hosts.`);
  const jump = await options.resolveTarget(target.jumpNodeId);
  const via = await connectionOf(pool, target.jumpNodeId, depth + 1).connect();
  await pool.pacer.turn();
  return connectSsh(target.ssh, { timings, via, viaName: jump.name });
}

/**
 * Reconnect attempts after a drop: 1 s doubling, at most 8 s apart, so a node back from an outage is
 * seen within seconds. A failed attempt is one TCP connect, cheap enough for a few dozen nodes.
 */
const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 8000 };

function connectionOf(pool: Pool, nodeId: string, depth = 0): ManagedConnection {
  if (pool.isClosed) throw new AppError('unavailable', 'The app is shutting down.');
  let connection = pool.connections.get(nodeId);
  if (!connection) {
    connection = createManagedConnection({
      dial: () => dial(pool, nodeId, depth),
      maxSessions: pool.options.maxSessions ?? 8,
      backoff: pool.options.backoff ?? DEFAULT_BACKOFF,
      onChange: (status) => {
        // Idle keep-alive channels of a dead connection would swallow the next Docker request.
        if (status.state !== 'ready' && status.state !== 'connecting')
          pool.dockers.get(nodeId)?.agent?.destroy();
        for (const listener of [...pool.listeners]) listener(nodeId, status);
      },
    });
    pool.connections.set(nodeId, connection);
  }
  return connection;
}

async function dockerFor(pool: Pool, nodeId: string): Promise<Docker> {
  const { options, dockers } = pool;
  const target = await options.resolveTarget(nodeId);
  const cached = dockers.get(nodeId);
  if (cached && cached.socket === target.dockerSocket) return cached.docker;
  cached?.agent?.destroy();
  if (target.kind === 'local') {
    const docker = createLocalDocker(target.dockerSocket);
    dockers.set(nodeId, { docker, agent: null, socket: target.dockerSocket });
    return docker;
  }
  // Each new channel asks for the node's current connection and socket, so a Docker client
  // someone holds keeps working after the node is edited or reconnects.
  const created = createDockerOverSsh(target.dockerSocket, async () => {
    const current = await options.resolveTarget(nodeId);
    if (current.kind !== 'ssh')
      throw new AppError('unsupported', `${current.name} is no longer reached over SSH.`);
    return connectionOf(pool, nodeId)
      .forwardOutStreamLocal(current.dockerSocket)
      .catch((error: unknown) => {
        throw classifyDockerChannelError(error, {
          socket: current.dockerSocket,
          user: current.ssh.user,
          host: current.name,
        });
      });
  });
  dockers.set(nodeId, { ...created, socket: target.dockerSocket });
  return created.docker;
}

/** A throwaway client on one socket, through the same stream-local channels the node's own client uses. */
async function pingAt(pool: Pool, nodeId: string, socketPath: string, timeoutMs: number): Promise<boolean> {
  const target = await pool.options.resolveTarget(nodeId);
  const { docker, agent } =
    target.kind === 'local'
      ? { docker: createLocalDocker(socketPath), agent: null }
      : createDockerOverSsh(socketPath, () => connectionOf(pool, nodeId).forwardOutStreamLocal(socketPath));
  // dockerode 5 takes an abortSignal for ping (lib/docker.js); @types/dockerode does not declare it.
  const ping = docker.ping.bind(docker) as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  try {
    await ping({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    // No socket there, no permission, or not an engine: each is "does not answer" to the probe.
    return false;
  } finally {
    agent?.destroy();
  }
}

/** "This computer": the command in a local shell, answered like an SSH exec. */
function execLocal(command: string, signal: AbortSignal | undefined): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve) => {
    execFile('/bin/sh', ['-c', command], { signal, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: unknown; signal?: unknown }) | null;
      resolve({
        code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
        signal: failure && typeof failure.signal === 'string' ? failure.signal : null,
        stdout,
        stderr,
      });
    });
  });
}

async function openForward(
  pool: Pool,
  nodeId: string,
  remoteHost: string,
  remotePort: number | (() => number),
): Promise<LocalForward> {
  const target = await pool.options.resolveTarget(nodeId);
  const port = typeof remotePort === 'number' ? () => remotePort : remotePort;
  const open =
    target.kind === 'local'
      ? () => Promise.resolve<Duplex>(netConnect({ host: remoteHost, port: port(), noDelay: true }))
      : () => connectionOf(pool, nodeId).forwardOut(remoteHost, port());
  const forward = await openLocalForward(open, pool.options.logger, `${target.name} ${remoteHost}:${port()}`);
  pool.forwards.add(forward);
  return {
    localPort: forward.localPort,
    close: async () => {
      pool.forwards.delete(forward);
      await forward.close();
    },
  };
}

async function diskSpaceOf(pool: Pool, nodeId: string, path: string): Promise<DiskSpace> {
  const target = await pool.options.resolveTarget(nodeId);
  if (target.kind === 'local') return localDiskSpace(path);
  const connection = connectionOf(pool, nodeId);
  try {
    return await connection.statvfs(path);
  } catch {
    // No SFTP subsystem or no statvfs extension on this server: ask df instead.
    return diskSpaceFromDf(path, await connection.exec(`df -Pk -- ${shellQuote(path)}`));
  }
}

async function closePool(pool: Pool): Promise<void> {
  pool.isClosed = true;
  await Promise.allSettled([...pool.forwards].map((forward) => forward.close()));
  for (const entry of pool.dockers.values()) entry.agent?.destroy();
  pool.dockers.clear();
  for (const connection of pool.connections.values()) connection.close();
  pool.connections.clear();
  pool.listeners.clear();
}
