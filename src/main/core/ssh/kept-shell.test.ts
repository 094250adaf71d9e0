import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { ClientChannel } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeptShell, KEPT_SHELL_COMMAND, keptShellScript, takeResult } from './kept-shell';
import type { ExecResult } from './managed-connection';

/** A local `sh`, started as sshd would start the kept shell, seen through the parts of an ssh2 channel the kept shell uses. */
function localShell(started: { count: number }): Promise<ClientChannel> {
  started.count += 1;
  const child = spawn('/bin/sh', ['-c', KEPT_SHELL_COMMAND], { stdio: ['pipe', 'pipe', 'pipe'] });
  const channel = Object.assign(new EventEmitter(), {
    stderr: child.stderr,
    write: (text: string) => child.stdin.write(text),
    signal: (name: string) => child.kill(`SIG${name}` as NodeJS.Signals),
    close: () => child.stdin.end(),
  });
  child.stdout.on('data', (chunk: Buffer) => channel.emit('data', chunk));
  child.once('close', () => channel.emit('close'));
  shells.push(child);
  return Promise.resolve(channel as unknown as ClientChannel);
}
const shells: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const shell of shells.splice(0)) shell.kill('SIGKILL');
});

const noFallback = (): Promise<ExecResult> => Promise.reject(new Error('fell back'));

describe('the kept shell', () => {
  it('runs commands one after another in one shell, each with its own output, errors and exit code', async () => {
    const started = { count: 0 };
    const shell = createKeptShell(() => localShell(started), noFallback);
    const results = await Promise.all([
      shell.exec(`printf 'no newline at the end'; echo "it's \\"quoted\\"" >&2; exit 3`),
      shell.exec("cat; printf 'é ✓\\n'"),
      shell.exec('echo HOSTER_not_the_word 0; echo second line'),
    ]);
    expect(results).toEqual([
      { code: 3, signal: null, stdout: 'no newline at the end', stderr: 'it\'s "quoted"\n' },
      { code: 0, signal: null, stdout: 'é ✓\n', stderr: '' },
      { code: 0, signal: null, stdout: 'HOSTER_not_the_word 0\nsecond line\n', stderr: '' },
    ]);
    expect(started.count).toBe(1);
  });

  it('ends the shell on abort, and the next command gets a fresh one', async () => {
    const started = { count: 0 };
    const shell = createKeptShell(() => localShell(started), noFallback);
    const controller = new AbortController();
    const slow = shell.exec('sleep 30', controller.signal);
    setTimeout(() => controller.abort(new Error('took too long')), 50);
    await expect(slow).rejects.toThrow('took too long');
    expect((await shell.exec('echo again')).stdout).toBe('again\n');
    expect(started.count).toBe(2);
  });

  it('runs every command in its own session where the shell never answers', async () => {
    let fallbacks = 0;
    const dead = (): Promise<ClientChannel> => {
      const channel = Object.assign(new EventEmitter(), {
        stderr: new EventEmitter(),
        write: () => setImmediate(() => channel.emit('close')),
        signal: () => undefined,
        close: () => undefined,
      });
      return Promise.resolve(channel as unknown as ClientChannel);
    };
    const shell = createKeptShell(dead, (command) => {
      fallbacks += 1;
      return Promise.resolve({ code: 0, signal: null, stdout: `ran ${command}`, stderr: '' });
    });
    expect((await shell.exec('one')).stdout).toBe('ran one');
    expect((await shell.exec('two')).stdout).toBe('ran two');
    expect(fallbacks).toBe(2);
  });
});

describe('the script sent for one command', () => {
  it('is cut out of what the shell printed only once both ends arrived', () => {
    const word = 'HOSTER_abc';
    expect(keptShellScript('echo hi', word)).toContain(`<<'${word}'\necho hi\n${word}\n`);
    const out = [Buffer.from(`hi\n\n${word} 0\nnext`)];
    const err: Buffer[] = [];
    expect(takeResult(out, err, word)).toBeNull();
    err.push(Buffer.from(`warn\n${word}\n`));
    expect(takeResult(out, err, word)).toEqual({ code: 0, signal: null, stdout: 'hi\n', stderr: 'warn' });
    expect(Buffer.concat(out).toString()).toBe('next');
  });
});
