/**
 * What cloud-init would do with the app's user data on a fresh server, done by the test rig: the
 * server's SSH host key becomes the one in `ssh_keys` (so the app's pinned fingerprint must match),
 * the user's public keys are authorized, and sshd listens on port 22 of a loopback address with
 * DOCKER_HOST set to the rig's engine, as rig nodes do (tests/rig/up.sh). The "created server" a cloud
 * fake's `onCreate` returns is then a real SSH server the app connects to.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { parse } from 'yaml';
import { startTestSshd, type TestSshd } from '../../helpers/sshd';

export interface CloudInitEffect {
  sshd: TestSshd;
  /** The user cloud-init gave the keys to: root, or the first of `users`. */
  user: string;
  authorizedKeys: string[];
  /** The public half of the host key from the user data. */
  hostPublicKey: string;
  stop(): Promise<void>;
}

interface CloudConfig {
  hostKey: string;
  hostPublicKey: string | null;
  user: string;
  authorizedKeys: string[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Reads the parts of a `#cloud-config` document that decide the first SSH contact. */
export function readCloudConfig(userData: string): CloudConfig {
  if (!userData.startsWith('#cloud-config\n'))
    throw new Error('cloud-init-effect: the user data does not start with a "#cloud-config" line');
  const config = parse(userData) as Record<string, unknown> | null;
  const sshKeys = (config?.ssh_keys ?? {}) as Record<string, unknown>;
  const hostKey = sshKeys.ed25519_private;
  if (typeof hostKey !== 'string')
    throw new Error('cloud-init-effect: the user data has no ssh_keys.ed25519_private host key');
  const users = Array.isArray(config?.users) ? (config.users as unknown[]) : [];
  const first = users[0];
  const firstUser = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : null;
  const rootKeys = strings(config?.ssh_authorized_keys);
  const userKeys = strings(firstUser?.ssh_authorized_keys);
  const user = userKeys.length > 0 && typeof firstUser?.name === 'string' ? firstUser.name : 'root';
  const authorizedKeys = user === 'root' ? [...rootKeys, ...userKeys] : userKeys;
  if (authorizedKeys.length === 0)
    throw new Error('cloud-init-effect: the user data authorizes no key (ssh_authorized_keys or users[0])');
  const publicKey = sshKeys.ed25519_public;
  return { hostKey, hostPublicKey: typeof publicKey === 'string' ? publicKey : null, user, authorizedKeys };
}

/** Whether something accepts TCP connections on host:port (another test's server would answer for ours). */
const isTaken = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/**
 * Applies the user data: starts a test sshd on `host`:22 (a loopback address no other test uses)
 * serving the given host key and accepting the authorized keys. Stop it with `stop()` (by pid).
 */
export async function applyCloudInit(
  userData: string,
  options: { host: string; dockerHost: string; dir: string; port?: number },
): Promise<CloudInitEffect> {
  const config = readCloudConfig(userData);
  // The login user must exist here: the rig does not add accounts to the machine it runs on.
  try {
    execFileSync('id', ['-u', config.user], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `cloud-init-effect: user ${config.user} does not exist on this machine; authorize the key for root`,
    );
  }
  const port = options.port ?? 22;
  if (await isTaken(options.host, port))
    throw new Error(
      `cloud-init-effect: something already listens on ${options.host}:${port}; give this test another address`,
    );
  const sshd = await startTestSshd({
    dir: options.dir,
    host: options.host,
    port,
    authorizedKeys: config.authorizedKeys,
    hostKey: config.hostKey,
    extraConfig: `SetEnv DOCKER_HOST=${options.dockerHost}`,
    logLevel: 'INFO',
  });
  const served = execFileSync('ssh-keygen', ['-y', '-f', `${options.dir}/ssh_host_ed25519_key`], {
    encoding: 'utf8',
  });
  const hostPublicKey = served.trim().split(' ').slice(0, 2).join(' ');
  if (
    config.hostPublicKey &&
    config.hostPublicKey.trim().split(' ').slice(0, 2).join(' ') !== hostPublicKey
  ) {
    await sshd.stop();
    throw new Error('cloud-init-effect: ssh_keys.ed25519_public is not the public half of ed25519_private');
  }
  return {
    sshd,
    user: config.user,
    authorizedKeys: config.authorizedKeys,
    hostPublicKey,
    stop: () => sshd.stop(),
  };
}
