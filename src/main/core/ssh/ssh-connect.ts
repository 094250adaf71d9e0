import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type AgentAuthMethod, type ParsedKey, type PublicKeyAuthMethod } from 'ssh2';
import { AppError } from '@shared/result';
import { classifySshError } from './classify-error';
import { keyAlgorithmOf, sha256Fingerprint } from './fingerprint';
import { SSH_ALGORITHMS } from './ssh-algorithms';

export type SshAuth = { type: 'key'; key: ParsedKey } | { type: 'agent'; socket: string };

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  auth: SshAuth;
  /** The fingerprint the user trusted; null means no command may run: the connection is refused. */
  pinnedFingerprint: string | null;
}

export interface SshTimings {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

/** Keepalive every 5 s, 3 misses: a frozen server is noticed in about 20 s. */
export const defaultSshTimings: SshTimings = { readyTimeoutMs: 15_000, keepaliveIntervalMs: 5_000, keepaliveCountMax: 3 };

/** Opens the TCP stream to host:port, directly or as a channel through an already connected jump host. */
async function openTransport(host: string, port: number, via: Client | undefined): Promise<Duplex> {
  if (!via) return netConnect({ host, port, noDelay: true });
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, host, port, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

const hostKeyUnknown = (host: string, port: number, fingerprint: string, algorithm: string) =>
  new AppError('host_key_unknown', `${host}:${port} is not trusted yet. Its host key fingerprint is ${fingerprint}; compare it with the server's before trusting it.`, {
    details: { fingerprint, algorithm, host, port },
  });

const hostKeyMismatch = (host: string, port: number, expected: string, presented: string, algorithm: string) =>
  new AppError(
    'host_key_mismatch',
    `The host key of ${host}:${port} has changed: it was ${expected}, now it is ${presented}. The connection was refused before logging in. ` +
      'If the server was reinstalled or its keys were rotated, re-pin the new key; otherwise someone may be intercepting the connection.',
    { details: { expected, presented, algorithm, host, port } },
  );

/**
 * One SSH connection attempt. The host key is checked during key exchange, before any
 * authentication: an unpinned or changed key ends the attempt there, so nothing is sent or run.
 * Authentication tries exactly one method (the node's key, or the agent), once.
 */
export function connectSsh(target: SshTarget, options: { timings?: SshTimings; via?: Client; viaName?: string } = {}): Promise<Client> {
  const timings = options.timings ?? defaultSshTimings;
  const context = { host: target.host, port: target.port, user: target.user, auth: target.auth.type, readyTimeoutMs: timings.readyTimeoutMs, via: options.viaName };
  return new Promise<Client>((resolve, reject) => {
    let verdict: AppError | null = null;
    let isSettled = false;
    const client = new Client();
    const fail = (error: unknown) => {
      if (isSettled) return;
      isSettled = true;
      client.end();
      reject(verdict ?? classifySshError(error, context));
    };
    client.once('ready', () => {
      isSettled = true;
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail(new Error('Connection lost before handshake')));

    const method: PublicKeyAuthMethod | AgentAuthMethod =
      target.auth.type === 'key'
        ? { type: 'publickey', username: target.user, key: target.auth.key }
        : { type: 'agent', username: target.user, agent: target.auth.socket };

    openTransport(target.host, target.port, options.via).then(
      (sock) => {
        client.connect({
          sock,
          username: target.user,
          algorithms: SSH_ALGORITHMS,
          readyTimeout: timings.readyTimeoutMs,
          keepaliveInterval: timings.keepaliveIntervalMs,
          keepaliveCountMax: timings.keepaliveCountMax,
          // ssh2 would start with a "none" attempt; one explicit method keeps to one try, no loop.
          authHandler: [method],
          hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
            const presented = sha256Fingerprint(blob);
            const algorithm = keyAlgorithmOf(blob);
            if (target.pinnedFingerprint === null) verdict = hostKeyUnknown(target.host, target.port, presented, algorithm);
            else if (target.pinnedFingerprint !== presented) verdict = hostKeyMismatch(target.host, target.port, target.pinnedFingerprint, presented, algorithm);
            verify(verdict === null);
          },
        });
      },
      (error: unknown) => fail(error),
    );
  });
}

/** Reads a server's host key and hangs up during key exchange: no authentication, nothing run. */
export function scanHostKey(host: string, port: number, options: { timings?: SshTimings; via?: Client; viaName?: string } = {}): Promise<{ fingerprint: string; algorithm: string }> {
  const timings = options.timings ?? defaultSshTimings;
  const context = { host, port, user: '', auth: 'key' as const, readyTimeoutMs: timings.readyTimeoutMs, via: options.viaName };
  return new Promise((resolve, reject) => {
    let found: { fingerprint: string; algorithm: string } | null = null;
    let isSettled = false;
    const client = new Client();
    const settle = (error?: unknown) => {
      if (isSettled) return;
      isSettled = true;
      client.end();
      if (found) resolve(found);
      else reject(classifySshError(error ?? new Error('Connection lost before handshake'), context));
    };
    client.on('error', settle);
    client.once('close', () => settle());
    openTransport(host, port, options.via).then(
      (sock) => {
        client.connect({
          sock,
          username: 'hoster-host-key-scan',
          // The same offer as connectSsh, so the key scanned is the key a connection is shown.
          algorithms: SSH_ALGORITHMS,
          readyTimeout: timings.readyTimeoutMs,
          authHandler: [],
          hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
            found = { fingerprint: sha256Fingerprint(blob), algorithm: keyAlgorithmOf(blob) };
            verify(false);
            settle();
          },
        });
      },
      (error: unknown) => settle(error),
    );
  });
}
