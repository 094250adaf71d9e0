/**
 * A node of one test file's own whose disk can fill up: its sshd runs in a mount namespace of its
 * own (unshare), so a small filesystem mounted over Docker's root folder inside that namespace is
 * what the node's shell and SFTP see there (`df`, statvfs), while the rig's one dockerd, outside it,
 * goes on untouched. Its connections can be cut by pid, as a dropped network would cut them.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { descendantsOf, isAlive } from './processes';
import { waitForBanner, writeSshdConfig } from './sshd';

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

function writeConfig(dir: string, host: string, port: number, authorizedKeys: string[]): string {
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    `backup-node-${host}`,
    '-f',
    join(dir, 'ssh_host_ed25519_key'),
  ]);
  return writeSshdConfig(dir, {
    host,
    port,
    authorizedKeys,
    settings: ['MaxSessions 20'],
    logLevel: 'ERROR',
  });
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
  await waitForBanner(host, port, 10_000);
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
