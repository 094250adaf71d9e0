import type { Duplex } from 'node:stream';
import type { Client, SFTPWrapper } from 'ssh2';
import { AppError, isAppError } from '@shared/result';
import { backoffDelay } from './backoff';
import { createSemaphore } from './semaphore';

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'waiting' | 'failed' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  lastError: AppError | null;
  connectedAt: Date | null;
  /** When the next automatic attempt runs (state `waiting`). */
  retryAt: Date | null;
}

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

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
export const isPermanent = (error: AppError) => error.code === 'auth_failed' || error.code === 'host_key_unknown' || error.code === 'host_key_mismatch';

const toAppError = (error: unknown) => (isAppError(error) ? error : new AppError('host_unreachable', error instanceof Error ? error.message : String(error)));

/**
 * The one SSH connection of one node, shared by every user of that node. It connects on first use,
 * and after a drop reconnects by itself with exponential backoff and jitter, except after a failure
 * only the user can fix (then it waits for `connect({ force: true })` after the fix).
 */
export function createManagedConnection(options: ManagedConnectionOptions) {
  const now = options.now ?? (() => new Date());
  const sessions = createSemaphore(options.maxSessions);
  let client: Client | null = null;
  let pending: Promise<Client> | null = null;
  let status: ConnectionStatus = { state: 'idle', lastError: null, connectedAt: null, retryAt: null };
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let generation = 0;
  // One SFTP session per connection, opened on first use and kept: a statvfs is then one round trip,
  // where `df` over exec costs a new session and a shell (~150 ms on a small server).
  let sftp: { client: Client; session: Promise<SFTPWrapper> } | null = null;

  const setStatus = (next: Partial<ConnectionStatus>) => {
    status = { ...status, ...next };
    options.onChange(status);
  };

  const scheduleRetry = () => {
    if (status.state === 'closed') return;
    const delay = backoffDelay(attempt, options.backoff);
    attempt += 1;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect({ force: true }).catch(() => undefined);
    }, delay);
    setStatus({ state: 'waiting', retryAt: new Date(now().getTime() + delay) });
  };

  const adopt = (fresh: Client, ownGeneration: number) => {
    client = fresh;
    attempt = 0;
    setStatus({ state: 'ready', lastError: null, connectedAt: now(), retryAt: null });
    const onGone = (error?: unknown) => {
      if (client !== fresh) return;
      client = null;
      fresh.removeAllListeners('close');
      if (ownGeneration !== generation || status.state === 'closed') return;
      setStatus({ state: 'idle', lastError: error ? toAppError(error) : new AppError('host_unreachable', 'The SSH connection closed.'), connectedAt: null });
      scheduleRetry();
    };
    fresh.on('error', (error: unknown) => onGone(error));
    fresh.once('close', () => onGone());
  };

  function connect(opts: { force?: boolean } = {}): Promise<Client> {
    if (status.state === 'closed') return Promise.reject(new AppError('unavailable', 'The connection was closed.'));
    if (client) return Promise.resolve(client);
    if (pending) return pending;
    const error = status.lastError;
    if (!opts.force && error && (status.state === 'failed' || status.state === 'waiting')) return Promise.reject(error);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const ownGeneration = generation;
    setStatus({ state: 'connecting', retryAt: null });
    pending = options.dial().then(
      (fresh) => {
        pending = null;
        if (ownGeneration !== generation) {
          fresh.end();
          throw new AppError('cancelled', 'The node changed while connecting.');
        }
        adopt(fresh, ownGeneration);
        return fresh;
      },
      (failure: unknown) => {
        pending = null;
        const appError = toAppError(failure);
        if (ownGeneration === generation && status.state !== 'closed') {
          setStatus({ state: isPermanent(appError) ? 'failed' : 'idle', lastError: appError, connectedAt: null });
          if (!isPermanent(appError) && attempt > 0) scheduleRetry();
        }
        throw appError;
      },
    );
    return pending;
  }

  const withChannel = <T>(open: (c: Client, done: (error: Error | undefined, value: T) => void) => void): Promise<T> =>
    connect().then((c) => new Promise<T>((resolve, reject) => open(c, (error, value) => (error ? reject(error) : resolve(value)))));

  return {
    connect,
    status: () => status,

    /** Runs one command in its own session, at most `maxSessions` at a time on this connection. */
    async exec(command: string, opts: { signal?: AbortSignal | undefined } = {}): Promise<ExecResult> {
      const release = await sessions.acquire(opts.signal);
      try {
        const c = await connect();
        return await new Promise<ExecResult>((resolve, reject) => {
          c.exec(command, (error, channel) => {
            if (error) return reject(toAppError(error));
            const out: Buffer[] = [];
            const err: Buffer[] = [];
            const onAbort = () => {
              channel.signal('KILL');
              channel.close();
              reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new AppError('cancelled', 'Cancelled.'));
            };
            if (opts.signal?.aborted) return onAbort();
            opts.signal?.addEventListener('abort', onAbort, { once: true });
            channel.on('data', (chunk: Buffer) => out.push(chunk));
            channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
            channel.once('close', (code: number | null, signal: string | null) => {
              opts.signal?.removeEventListener('abort', onAbort);
              resolve({ code: code ?? null, signal: signal ?? null, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
            });
          });
        });
      } finally {
        release();
      }
    },

    /** Size and free space of the filesystem holding `path`, through OpenSSH's statvfs SFTP extension. */
    async statvfs(path: string): Promise<{ totalBytes: number; freeBytes: number }> {
      const c = await connect();
      if (sftp?.client !== c) {
        const session = new Promise<SFTPWrapper>((resolve, reject) => c.sftp((error, wrapper) => (error ? reject(error) : resolve(wrapper))));
        // A server without SFTP says so once per connection; callers then fall back to `df` at once.
        sftp = { client: c, session };
        session.catch(() => undefined);
      }
      const session = await sftp.session;
      return new Promise((resolve, reject) =>
        session.ext_openssh_statvfs(path, (error, info: { f_frsize?: number; f_bsize?: number; f_blocks?: number; f_bavail?: number } | undefined) => {
          const unit = info?.f_frsize || info?.f_bsize;
          if (error || !unit || info.f_blocks === undefined || info.f_bavail === undefined) return reject(error ?? new Error('statvfs gave no usable answer'));
          resolve({ totalBytes: info.f_blocks * unit, freeBytes: info.f_bavail * unit });
        }),
      );
    },

    forwardOutStreamLocal: (socketPath: string) => withChannel<Duplex>((c, done) => c.openssh_forwardOutStreamLocal(socketPath, done)),
    forwardOut: (host: string, port: number) => withChannel<Duplex>((c, done) => c.forwardOut('127.0.0.1', 0, host, port, done)),

    /** Ends the connection for good: a dial still under way is dropped when it lands; no retries. */
    close() {
      generation += 1;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const old = client;
      client = null;
      pending = null;
      sftp = null;
      setStatus({ state: 'closed', connectedAt: null, retryAt: null });
      old?.end();
    },
  };
}

export type ManagedConnection = ReturnType<typeof createManagedConnection>;
