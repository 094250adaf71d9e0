/**
 * A node of one test file's own whose disk can fill up: its sshd runs in a mount namespace of its
 * own (unshare), so a small filesystem mounted over Docker's root folder inside that namespace is
 * what the node's shell and SFTP see there (`df`, statvfs), while the rig's one dockerd, outside it,
 * goes on untouched. Its connections can be cut by pid, as a dropped network would cut them.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { descendantsOf, isAlive } from './backup-processes';

export interface BackupNode {
  host: string;
  port: number;
  hostKeyFingerprint: string;
  /** Kills the sshd processes serving each open connection (the listener stays): every session drops at once. */
  cutConnections(): number;
  /** Mounts a `sizeMb` filesystem over `path` inside the node's namespace only: the node's disk there is small. */
  shrinkDisk(path: string, sizeMb: number): void;
  stop(): Promise<void>;
}

async function waitForBanner(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
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
  throw new Error(`sshd on ${host}:${port} did not answer`);
}

function writeConfig(dir: string, host: string, port: number, authorizedKeys: string[]): string {
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `backup-node-${host}`, '-f', hostKey]);
  writeFileSync(join(dir, 'authorized_keys'), authorizedKeys.join('\n') + '\n');
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${host}`,
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowStreamLocalForwarding yes',
      'MaxSessions 20',
      'UseDNS no',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  return config;
}

export async function startBackupNode(options: {
  dir: string;
  host: string;
  port?: number;
  authorizedKeys: string[];
}): Promise<BackupNode> {
  const { dir, host } = options;
  const port = options.port ?? 2222;
  mkdirSync(dir, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true });
  const config = writeConfig(dir, host, port, options.authorizedKeys);
  // unshare execs sshd in its own process (no fork): the pid is sshd's, in the new namespace.
  const child: ChildProcess = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '/usr/sbin/sshd',
      '-D',
      '-f',
      config,
      '-E',
      join(dir, 'sshd.log'),
    ],
    {
      stdio: 'ignore',
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('unshare did not start');
  await waitForBanner(host, port);
  const ownNamespace = readlinkSync('/proc/self/ns/mnt');
  const fingerprint =
    execFileSync('ssh-keygen', ['-lf', join(dir, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(
      ' ',
    )[1] ?? '';
  return {
    host,
    port,
    hostKeyFingerprint: fingerprint,
    cutConnections() {
      const pids = descendantsOf(pid);
      for (const connection of pids) if (isAlive(connection)) process.kill(connection, 'SIGKILL');
      return pids.length;
    },
    shrinkDisk(path, sizeMb) {
      // Never mount over the rig's own folder: only inside a namespace that is not this process's.
      if (readlinkSync(`/proc/${pid}/ns/mnt`) === ownNamespace)
        throw new Error('the node shares this mount namespace');
      execFileSync('nsenter', [
        `--target=${pid}`,
        '--mount',
        'mount',
        '-t',
        'tmpfs',
        '-o',
        `size=${sizeMb}m`,
        'hoster-small-disk',
        path,
      ]);
    },
    async stop() {
      const pids = [pid, ...descendantsOf(pid)];
      for (const each of pids) if (isAlive(each)) process.kill(each, 'SIGTERM');
      for (let attempt = 0; attempt < 100 && pids.some(isAlive); attempt += 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      for (const each of pids) if (isAlive(each)) process.kill(each, 'SIGKILL');
    },
  };
}
