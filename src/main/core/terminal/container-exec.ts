import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { AppError } from '@shared/result';

/**
 * Runs a command in a running container without a TTY, each piece of its stdout and stderr given to
 * `onOutput` as it comes; resolves with its exit code once it has ended.
 */
export async function runInContainer(
  docker: Docker,
  containerId: string,
  argv: readonly string[],
  onOutput: (bytes: Buffer) => void,
): Promise<number | null> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true });
  const raw = await exec.start({ hijack: false, stdin: false });
  const output = new PassThrough();
  output.on('data', onOutput);
  docker.modem.demuxStream(raw, output, output);
  await new Promise<void>((resolve, reject) => {
    raw.on('end', resolve);
    raw.on('close', resolve);
    raw.on('error', reject);
  });
  return (await exec.inspect()).ExitCode;
}

const SHELLS = ['bash', 'sh', 'ash'] as const;
const PROBE = `for s in ${SHELLS.join(' ')}; do command -v "$s" >/dev/null 2>&1 && { echo "$s"; exit 0; }; done; exit 1`;

/** The first of bash, sh and ash the container has: one exec through sh, or ash alone where there is no sh. */
export async function detectShell(docker: Docker, containerId: string, containerName: string): Promise<string> {
  for (const [program, ...args] of [['sh', '-c', PROBE], ['ash', '-c', 'echo ash']] as const) {
    let text = '';
    const code = await runInContainer(docker, containerId, [program, ...args], (bytes) => (text += bytes.toString('utf8')));
    const found = text.trim();
    if (code === 0 && (SHELLS as readonly string[]).includes(found)) return found;
  }
  throw new AppError('unsupported', `${containerName} has no shell (bash, sh or ash), so a terminal cannot open in it.`);
}

/** A shell in the container on a TTY of the given size, attached over one hijacked channel. */
export async function startShell(
  docker: Docker,
  containerId: string,
  options: { shell: string; cols: number; rows: number; marker: string },
): Promise<{ exec: Docker.Exec; socket: Duplex }> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: [options.shell],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    // The marker lets a close find the shell and everything started from it (see `killSession`).
    Env: ['TERM=xterm-256color', options.marker],
  });
  // ConsoleSize (Engine API 1.42) starts the TTY at the window's size; @types/dockerode does not declare it.
  const start = { hijack: true, stdin: true, Tty: true, ConsoleSize: [options.rows, options.cols] };
  const socket = await exec.start(start);
  // Engines before API 1.42 ignore ConsoleSize and start the TTY at 0x0.
  await exec.resize({ h: options.rows, w: options.cols });
  return { exec, socket };
}

/**
 * Hangs up the session's shell and whatever it started: closing the attach channel alone leaves the
 * shell running in the container (moby/moby#9098), so every process carrying the session's marker
 * in its environment gets SIGHUP, as a terminal closing would send.
 */
export async function killSession(docker: Docker, containerId: string, marker: string): Promise<void> {
  const script = `for p in /proc/[0-9]*; do grep -q "${marker}" "$p/environ" 2>/dev/null && kill -HUP "\${p#/proc/}"; done; exit 0`;
  await runInContainer(docker, containerId, ['sh', '-c', script], () => undefined);
}
