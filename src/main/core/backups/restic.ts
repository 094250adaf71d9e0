import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AppError } from '@shared/result';

export interface ResticBinary {
  path: string;
  version: string;
}

const executable = process.platform === 'win32' ? 'restic.exe' : 'restic';

/** How to get restic, said where it is missing. */
export const INSTALL_RESTIC =
  'restic is not installed on this computer. Install it (Debian/Ubuntu: sudo apt install restic; macOS: brew install restic; Windows: winget install restic.restic), or download it from https://github.com/restic/restic/releases and put it on your PATH, then open Backups again.';

/** Where restic may be: only the path given, when one is; else the app's own resources (packaged builds), then the PATH. */
export function resticCandidates(options: { explicit?: string | undefined; resourcesDir?: string | undefined; path?: string | undefined }): string[] {
  if (options.explicit) return [options.explicit];
  const fromPath = (options.path ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, executable));
  return [...(options.resourcesDir ? [join(options.resourcesDir, 'bin', executable)] : []), ...fromPath];
}

/** The first candidate that runs and says it is restic, with its version; null when none does. */
export async function findRestic(candidates: readonly string[]): Promise<ResticBinary | null> {
  for (const path of candidates) {
    if (!(await access(path, constants.X_OK).then(() => true, () => false))) continue;
    const result = await runProcess(path, ['version'], { env: {} }).catch(() => null);
    const version = /restic (\d+\.\d+\.\d+)/.exec(result?.stdout ?? '')?.[1];
    if (version) return { path, version };
  }
  return null;
}

export interface RunOptions {
  env: Record<string, string>;
  stdin?: Readable;
  /** Where stdout goes (a dump); without it stdout is collected, split into JSON messages when it holds them. */
  stdout?: Writable;
  signal?: AbortSignal;
  onMessage?: (message: Record<string, unknown>) => void;
}

interface ProcessResult {
  stdout: string;
  stderr: string;
}

const STDERR_KEEP = 64 * 1024;

/**
 * Runs restic with the repository in its environment (never on its command line). Cancelling sends
 * SIGINT, which restic answers by removing its lock and leaving no snapshot behind.
 */
export function runProcess(path: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    // What was cancelled, or whose input failed, while it waited for the repository: restic never starts,
    // and its input is let go, so the node's stream behind it does not stay open and blocked.
    const early = options.signal?.aborted ? cancelledError() : options.stdin?.errored;
    if (early) {
      options.stdin?.destroy();
      return reject(early);
    }
    const child = spawn(path, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let inputError: Error | null = null;
    const onAbort = () => child.kill('SIGINT');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.stdout) child.stdout.pipe(options.stdout, { end: false });
    else
      child.stdout.on('data', (chunk: Buffer) => {
        if (!options.onMessage) return void (stdout += chunk.toString('utf8'));
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) emitJson(line, options.onMessage, (text) => (stdout += text));
      });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    if (options.stdin) {
      // A source that fails stops restic before it could save what it got as a snapshot.
      options.stdin.on('error', (error) => {
        inputError = error;
        child.kill('SIGINT');
      });
      child.stdin.on('error', () => undefined);
      options.stdin.pipe(child.stdin);
    } else child.stdin.end();
    child.on('error', (error) => {
      options.stdin?.destroy();
      options.signal?.removeEventListener('abort', onAbort);
      reject(new AppError('unavailable', `restic could not be run (${path}): ${error.message}`));
    });
    child.on('close', (code, signal) => {
      // What restic did not read to its end (it failed, or was cancelled) is let go too.
      options.stdin?.destroy();
      options.signal?.removeEventListener('abort', onAbort);
      if (pending && options.onMessage) emitJson(pending, options.onMessage, (text) => (stdout += text));
      if (inputError) return reject(inputError);
      if (options.signal?.aborted) return reject(cancelledError());
      if (code === 0) return resolve({ stdout, stderr });
      reject(resticError(stderr, code, signal));
    });
  });
}

const cancelledError = () => new AppError('cancelled', 'Cancelled; restic stopped and left the repository as it was.');

function emitJson(line: string, onMessage: (message: Record<string, unknown>) => void, other: (text: string) => void) {
  const text = line.trim();
  if (!text) return;
  try {
    onMessage(JSON.parse(text) as Record<string, unknown>);
  } catch {
    other(`${text}\n`);
  }
}

const lastLines = (text: string, count = 4) =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.trim())
    .slice(-count)
    .join('\n');

/** restic's failures, in words that say what to do. */
export function resticError(stderr: string, code: number | null, signal: NodeJS.Signals | null = null): AppError {
  if (/wrong password|no key found/i.test(stderr))
    return new AppError('unauthorized', 'The backup repository does not open with this password. Type the password it was made with.', {
      field: 'password',
    });
  if (/repository is already locked|unable to create lock/i.test(stderr))
    return new AppError(
      'conflict',
      [
        'The backup repository is in use by another restic process. Try again once it has finished.',
        // Who holds it and since when; restic's hint about its `unlock` command is for its own users.
        ...stderr.split('\n').filter((line) => /locked (exclusively )?by PID|lock was created at/i.test(line)).map((line) => line.trim()),
      ].join('\n'),
    );
  if (/no space left on device|disk quota exceeded/i.test(stderr))
    return new AppError('unavailable', 'The disk holding the backup repository is full. Free some space there (or move the repository), then back up again.');
  if (/is there a repository at the following location|unable to open config file|repository does not exist/i.test(stderr))
    return new AppError('not_found', 'There is no restic repository at this location.');
  const how = signal ? `was stopped (${signal})` : `exited with code ${String(code)}`;
  return new AppError('unavailable', `restic ${how}: ${lastLines(stderr) || 'no message'}`);
}
