import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { descendantsOf, isAlive } from './processes';

export interface TestSshd {
  host: string;
  port: number;
  logFile: string;
  dir: string;
  hostKeyFingerprint(): string;
  /** New log lines since the last `markLog()`. */
  logSinceMark(): string;
  markLog(): void;
  /** Stops the listener and every connection it serves (as a server going down), by pid. */
  stop(): Promise<void>;
  /** Starts again, optionally with a fresh host key (a reinstalled server). */
  start(options?: { newHostKey?: boolean }): Promise<void>;
  /** The pids of the per-connection sshd processes (children of the listener). */
  connectionPids(): number[];
}

/** Resolves once an sshd answers on host:port with its banner; throws after `timeoutMs`. */
export async function waitForBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const banner = await new Promise<string>((resolve) => {
      const socket = connect({ host, port });
      let text = '';
      socket.setTimeout(1000, () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        socket.destroy();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(''));
    });
    if (banner.startsWith('SSH-')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`sshd on ${host}:${port} did not answer within ${timeoutMs} ms`);
}

/**
 * Writes `dir/sshd_config` for a test sshd on host:port (keys only, its host key, pid file and
 * authorized keys in `dir`), with the `settings` lines a caller adds. Returns the config's path.
 */
export function writeSshdConfig(
  dir: string,
  options: {
    host: string;
    port: number;
    authorizedKeys: string[];
    settings: string[];
    logLevel: string;
    extraConfig?: string;
  },
): string {
  const config = join(dir, 'sshd_config');
  writeFileSync(join(dir, 'authorized_keys'), options.authorizedKeys.join('\n') + '\n');
  writeFileSync(
    config,
    [
      `ListenAddress ${options.host}`,
      `Port ${options.port}`,
      `HostKey ${join(dir, 'ssh_host_ed25519_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowStreamLocalForwarding yes',
      ...options.settings,
      'UseDNS no',
      'Subsystem sftp internal-sftp',
      `LogLevel ${options.logLevel}`,
      options.extraConfig ?? '',
    ].join('\n') + '\n',
  );
  return config;
}

/**
 * A private sshd for one test file, on its own loopback address, so tests that stop it or swap its
 * host key never disturb the shared rig. It logs at DEBUG1 so tests can count authentication
 * attempts and sessions (unless told otherwise). Stopped by pid, always within a few seconds.
 */
export async function startTestSshd(options: {
  dir: string;
  host: string;
  port?: number;
  authorizedKeys: string[];
  extraConfig?: string;
  logLevel?: 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG1';
  /** The ed25519 host key to serve (OpenSSH private key text), as cloud-init installs a given one. */
  hostKey?: string;
}): Promise<TestSshd> {
  const { dir, host } = options;
  const port = options.port ?? 2222;
  mkdirSync(dir, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true });
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const logFile = join(dir, 'sshd.log');
  const config = writeSshdConfig(dir, {
    host,
    port,
    authorizedKeys: options.authorizedKeys,
    settings: ['AllowTcpForwarding yes', 'MaxSessions 10', 'MaxStartups 50:30:100'],
    logLevel: options.logLevel ?? 'DEBUG1',
    extraConfig: options.extraConfig,
  });
  const newHostKey = () => {
    for (const file of [hostKey, `${hostKey}.pub`]) if (existsSync(file)) execFileSync('rm', ['-f', file]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `test-${host}`, '-f', hostKey]);
  };
  if (options.hostKey) {
    writeFileSync(hostKey, options.hostKey.trimEnd() + '\n', { mode: 0o600 });
    writeFileSync(`${hostKey}.pub`, execFileSync('ssh-keygen', ['-y', '-f', hostKey], { encoding: 'utf8' }));
  } else newHostKey();

  let child: ChildProcess | null = null;
  let mark = 0;
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const sshd: TestSshd = {
    host,
    port,
    logFile,
    dir,
    hostKeyFingerprint: () => execFileSync('ssh-keygen', ['-lf', `${hostKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '',
    logSinceMark: () => readLog().slice(mark),
    markLog: () => {
      mark = readLog().length;
    },
    connectionPids: () => (child?.pid ? descendantsOf(child.pid) : []),
    async start(startOptions = {}) {
      if (startOptions.newHostKey) newHostKey();
      child = spawn('/usr/sbin/sshd', ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' });
      await waitForBanner(host, port, 10_000);
    },
    async stop() {
      const current = child;
      if (!current?.pid) return;
      child = null;
      const pids = [current.pid, ...descendantsOf(current.pid)];
      for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
  await sshd.start();
  return sshd;
}
