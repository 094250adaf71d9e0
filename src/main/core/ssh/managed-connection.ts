import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { AppError } from '@shared/result';
import { backoffDelay } from './backoff';
import { execOn, toAppError, type ExecOptions, type ExecResult, type OnOutput } from './exec-on';
import { createKeptShell, KEPT_SHELL_COMMAND } from './kept-shell';
import { createSemaphore } from './semaphore';

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'waiting' | 'failed' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  lastError: AppError | null;
  connectedAt: Date | null;
  /** When the next automatic attempt runs (state `waiting`). */
  retryAt: Date | null;
}

export type { ExecOptions, ExecResult, OnOutput } from './exec-on';

export interface ManagedConnectionOptions {
  /** Makes one attempt; resolved afresh each time, so an edited node is honoured on reconnect. */
  dial: () => Promise<Client>;
  /** Exec sessions at once; with the one SFTP session kept open, stays below sshd's MaxSessions (10 by default). */
  maxSessions: number;
  backoff: { baseMs: number; maxMs: number; random?: () => number };
  onChange: (status: ConnectionStatus) => void;
  now?: () => Date;
}

/** Failures only the user can fix: retrying would hammer the server (auth) or ignore a warning (host key). */
export const isPermanent = (error: AppError) =>
  error.code === 'auth_failed' || error.code === 'host_key_unknown' || error.code === 'host_key_mismatch';

/** The mutable state of one node's connection, shared by the steps below. */
interface Link {
  options: ManagedConnectionOptions;
  now: () => Date;
  client: Client | null;
  pending: Promise<Client> | null;
  status: ConnectionStatus;
  attempt: number;
  retryTimer: NodeJS.Timeout | null;
  generation: number;
  // One SFTP session per connection, opened on first use and kept: a statvfs is then one round trip,
  // where `df` over exec costs a new session and a shell (~150 ms on a small server).
  sftp: { client: Client; session: Promise<SFTPWrapper> } | null;
}

/**
 * The one SSH connection of one node, shared by every user of that node. It connects on first use,
 * and after a drop reconnects by itself with exponential backoff and jitter, except after a failure
 * only the user can fix (then it waits for `connect({ force: true })` after the fix).
 */
export function createManagedConnection(options: ManagedConnectionOptions) {
  const link = newLink(options);
  const connect = (opts: { force?: boolean } = {}) => connectLink(link, opts);
  const withChannel = <T>(
    open: (c: Client, done: (error: Error | undefined, value: T) => void) => void,
  ): Promise<T> =>
    connect().then(
      (c) =>
        new Promise<T>((resolve, reject) =>
          open(c, (error, value) => (error ? reject(error) : resolve(value))),
        ),
    );

  const { execInSession, kept } = commandRunners(options.maxSessions, connect, withChannel);

  return {
    connect,
    status: () => link.status,

    /**
     * Runs one command in its own session, at most `maxSessions` at a time on this connection; a
     * `repeated` one (a small read the app makes again and again) in the connection's kept shell.
     */
    exec(command: string, opts: ExecOptions = {}) {
      return opts.repeated ? kept.exec(command, opts.signal) : execInSession(command, opts.signal, opts.onOutput);
    },

    /** Size and free space of the filesystem holding `path`, through OpenSSH's statvfs SFTP extension. */
    async statvfs(path: string): Promise<{ totalBytes: number; freeBytes: number }> {
      const c = await connect();
      if (link.sftp?.client !== c) {
        const session = new Promise<SFTPWrapper>((resolve, reject) =>
          c.sftp((error, wrapper) => (error ? reject(error) : resolve(wrapper))),
        );
        // A server without SFTP says so once per connection; callers then fall back to `df` at once.
        link.sftp = { client: c, session };
        session.catch(() => undefined);
      }
      return statvfsOn(await link.sftp.session, path);
    },

    forwardOutStreamLocal: (socketPath: string) =>
      withChannel<Duplex>((c, done) => c.openssh_forwardOutStreamLocal(socketPath, done)),
    forwardOut: (host: string, port: number) =>
      withChannel<Duplex>((c, done) => c.forwardOut('127.0.0.1', 0, host, port, done)),

    /** Ends the connection for good: a dial still under way is dropped when it lands; no retries. */
    close: () => {
      kept.close();
      closeLink(link);
    },
  };
}

export type ManagedConnection = ReturnType<typeof createManagedConnection>;

type WithChannel = <T>(open: (c: Client, done: (error: Error | undefined, value: T) => void) => void) => Promise<T>;

/** A command in a session of its own (at most `maxSessions` at once), or in the connection's kept shell. */
function commandRunners(maxSessions: number, connect: () => Promise<Client>, withChannel: WithChannel) {
  const sessions = createSemaphore(maxSessions);
  const execInSession = async (
    command: string,
    signal: AbortSignal | undefined,
    onOutput?: OnOutput,
  ): Promise<ExecResult> => {
    const release = await sessions.acquire(signal);
    try {
      return await execOn(await connect(), command, signal, onOutput);
    } finally {
      release();
    }
  };
  const kept = createKeptShell(
    () => withChannel<ClientChannel>((c, done) => c.exec(KEPT_SHELL_COMMAND, done)),
    execInSession,
  );
  return { execInSession, kept };
}

function newLink(options: ManagedConnectionOptions): Link {
  return {
    options,
    now: options.now ?? (() => new Date()),
    client: null,
    pending: null,
    status: { state: 'idle', lastError: null, connectedAt: null, retryAt: null },
    attempt: 0,
    retryTimer: null,
    generation: 0,
    sftp: null,
  };
}

function setStatus(link: Link, next: Partial<ConnectionStatus>): void {
  link.status = { ...link.status, ...next };
  link.options.onChange(link.status);
}

function clearRetry(link: Link): void {
  if (link.retryTimer) clearTimeout(link.retryTimer);
  link.retryTimer = null;
}

function scheduleRetry(link: Link): void {
  if (link.status.state === 'closed') return;
  const delay = backoffDelay(link.attempt, link.options.backoff);
  link.attempt += 1;
  if (link.retryTimer) clearTimeout(link.retryTimer);
  link.retryTimer = setTimeout(() => {
    link.retryTimer = null;
    // A failed retry is already in the status (and schedules the next one); nobody awaits this call.
    connectLink(link, { force: true }).catch(() => undefined);
  }, delay);
  setStatus(link, { state: 'waiting', retryAt: new Date(link.now().getTime() + delay) });
}

/** Takes a fresh client as the connection; when it drops, the status says so and a retry is scheduled. */
function adopt(link: Link, fresh: Client, ownGeneration: number): void {
  link.client = fresh;
  link.attempt = 0;
  setStatus(link, { state: 'ready', lastError: null, connectedAt: link.now(), retryAt: null });
  const onGone = (error?: unknown) => {
    if (link.client !== fresh) return;
    link.client = null;
    fresh.removeAllListeners('close');
    if (ownGeneration !== link.generation || link.status.state === 'closed') return;
    setStatus(link, {
      state: 'idle',
      lastError: error ? toAppError(error) : new AppError('host_unreachable', 'The SSH connection closed.'),
      connectedAt: null,
    });
    scheduleRetry(link);
  };
  fresh.on('error', (error: unknown) => onGone(error));
  fresh.once('close', () => onGone());
}

function connectLink(link: Link, opts: { force?: boolean }): Promise<Client> {
  const { status } = link;
  if (status.state === 'closed')
    return Promise.reject(new AppError('unavailable', 'The connection was closed.'));
  if (link.client) return Promise.resolve(link.client);
  if (link.pending) return link.pending;
  const error = status.lastError;
  if (!opts.force && error && (status.state === 'failed' || status.state === 'waiting'))
    return Promise.reject(error);
  clearRetry(link);
  const ownGeneration = link.generation;
  setStatus(link, { state: 'connecting', retryAt: null });
  link.pending = link.options.dial().then(
    (fresh) => {
      link.pending = null;
      if (ownGeneration !== link.generation) {
        fresh.end();
        throw new AppError('cancelled', 'The node changed while connecting.');
      }
      adopt(link, fresh, ownGeneration);
      return fresh;
    },
    (failure: unknown) => {
      link.pending = null;
      throw dialFailed(link, failure, ownGeneration);
    },
  );
  return link.pending;
}

/** Records a failed dial (unless the node changed or closed meanwhile) and retries when that may help. */
function dialFailed(link: Link, failure: unknown, ownGeneration: number): AppError {
  const appError = toAppError(failure);
  if (ownGeneration === link.generation && link.status.state !== 'closed') {
    setStatus(link, {
      state: isPermanent(appError) ? 'failed' : 'idle',
      lastError: appError,
      connectedAt: null,
    });
    if (!isPermanent(appError) && link.attempt > 0) scheduleRetry(link);
  }
  return appError;
}

function closeLink(link: Link): void {
  link.generation += 1;
  clearRetry(link);
  const old = link.client;
  link.client = null;
  link.pending = null;
  link.sftp = null;
  setStatus(link, { state: 'closed', connectedAt: null, retryAt: null });
  old?.end();
}

function statvfsOn(session: SFTPWrapper, path: string): Promise<{ totalBytes: number; freeBytes: number }> {
  return new Promise((resolve, reject) =>
    session.ext_openssh_statvfs(
      path,
      (
        error,
        info: { f_frsize?: number; f_bsize?: number; f_blocks?: number; f_bavail?: number } | undefined,
      ) => {
        const unit = info?.f_frsize || info?.f_bsize;
        if (error || !unit || info.f_blocks === undefined || info.f_bavail === undefined)
          return reject(error ?? new Error('statvfs gave no usable answer'));
        resolve({ totalBytes: info.f_blocks * unit, freeBytes: info.f_bavail * unit });
      },
    ),
  );
}
