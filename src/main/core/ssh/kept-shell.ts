import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { AppError } from '@shared/result';
import type { ExecResult } from './managed-connection';

/** The command that opens the kept shell: sshd runs it through the user's shell, whose start-up is paid here once. */
export const KEPT_SHELL_COMMAND = 'exec /bin/sh';

interface Session {
  channel: ClientChannel;
  out: Buffer[];
  err: Buffer[];
  /** Called on every chunk and on close: settles the command under way, if it is done or can never be. */
  check: (() => void) | null;
  isClosed: boolean;
}

/**
 * What the shell is sent for one command. The command runs in a fresh `sh -c` (its own quoting
 * untouched, stdin /dev/null, an `exit` ends only it), taken from a quoted here-document whose end
 * word is random, so no command text can end it early. Then a line with the same word and the exit
 * code closes stdout, and one with the word alone closes stderr.
 */
export function keptShellScript(command: string, word: string): string {
  return [
    `__hoster_command=$(cat <<'${word}'`,
    command,
    word,
    ')',
    'sh -c "$__hoster_command" </dev/null',
    `printf '\\n${word} %s\\n' "$?"`,
    `printf '\\n${word}\\n' >&2`,
    '',
  ].join('\n');
}

/** Finds the end of one command in what the shell printed, and cuts it out; null while it is still running. */
export function takeResult(out: Buffer[], err: Buffer[], word: string): ExecResult | null {
  const stdout = Buffer.concat(out);
  const stderr = Buffer.concat(err);
  const codeAt = stdout.indexOf(`\n${word} `);
  const codeEnd = codeAt < 0 ? -1 : stdout.indexOf('\n', codeAt + 1);
  const errAt = stderr.indexOf(`\n${word}\n`);
  if (codeEnd < 0 || errAt < 0) return null;
  const code = Number(stdout.subarray(codeAt + word.length + 2, codeEnd).toString());
  out.splice(0, out.length, stdout.subarray(codeEnd + 1));
  err.splice(0, err.length, stderr.subarray(errAt + word.length + 2));
  return {
    code: Number.isInteger(code) ? code : null,
    signal: null,
    stdout: stdout.subarray(0, codeAt).toString('utf8'),
    stderr: stderr.subarray(0, errAt).toString('utf8'),
  };
}

async function startSession(open: () => Promise<ClientChannel>): Promise<Session> {
  const channel = await open();
  const s: Session = { channel, out: [], err: [], check: null, isClosed: false };
  channel.on('data', (chunk: Buffer) => (s.out.push(chunk), s.check?.()));
  channel.stderr.on('data', (chunk: Buffer) => (s.err.push(chunk), s.check?.()));
  channel.once('close', () => ((s.isClosed = true), s.check?.()));
  return s;
}

/** Ends the shell and whatever it runs; the next command opens another. */
function endSession(s: Session): void {
  if (s.isClosed) return;
  s.isClosed = true;
  s.channel.signal('KILL');
  s.channel.close();
}

function runOn(s: Session, command: string, signal: AbortSignal | undefined): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    const word = `HOSTER_${randomBytes(9).toString('hex')}`;
    const onAbort = () => {
      s.check = null;
      endSession(s);
      reject(signal?.reason instanceof Error ? signal.reason : new AppError('cancelled', 'Cancelled.'));
    };
    s.check = () => {
      const result = takeResult(s.out, s.err, word);
      if (!result && !s.isClosed) return;
      s.check = null;
      signal?.removeEventListener('abort', onAbort);
      if (result) resolve(result);
      else reject(new AppError('host_unreachable', 'The kept shell on the node closed.'));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    s.channel.write(keptShellScript(command, word));
  });
}

/**
 * One shell kept open on a connection for the small commands the app runs again and again
 * (monitoring's reads each round): the node's shell start-up (a heavy `.bashrc` or profile) is paid
 * once per connection instead of once per command. Commands run one at a time. An aborted command
 * ends the shell (the next one opens another); a server where the shell does not work (a forced
 * command, no /bin/sh) has every command run in its own session instead, as `fallback` does.
 */
export function createKeptShell(
  open: () => Promise<ClientChannel>,
  fallback: (command: string, signal: AbortSignal | undefined) => Promise<ExecResult>,
) {
  let session: Promise<Session> | null = null;
  let isUnusable = false;
  let hasAnswered = false;
  let turn: Promise<unknown> = Promise.resolve();

  const current = async (): Promise<Session> => {
    const s = await session?.catch(() => null);
    if (s && !s.isClosed) return s;
    session = startSession(open);
    return session.catch((error: unknown) => {
      session = null;
      throw error;
    });
  };

  const run = async (command: string, signal: AbortSignal | undefined): Promise<ExecResult> => {
    if (isUnusable) return fallback(command, signal);
    const s = await current();
    try {
      const result = await runOn(s, command, signal);
      hasAnswered = true;
      return result;
    } catch (error) {
      if (signal?.aborted) throw error;
      endSession(s);
      // A shell that never answered will not: this server gets a session per command.
      if (!hasAnswered) isUnusable = true;
      return fallback(command, signal);
    }
  };

  return {
    /** Runs `command` in the kept shell once the commands before it are done. */
    exec(command: string, signal?: AbortSignal): Promise<ExecResult> {
      const mine = turn.then(() => run(command, signal));
      turn = mine.catch(() => undefined);
      return mine;
    },
    close(): void {
      void session?.then(endSession, () => undefined);
      session = null;
    },
  };
}

export type KeptShell = ReturnType<typeof createKeptShell>;
