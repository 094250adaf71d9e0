import type { Client } from 'ssh2';
import { AppError, isAppError } from '@shared/result';

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Sees each chunk of a command's output (stdout or stderr) as it arrives. */
export type OnOutput = (chunk: Buffer) => void;

export interface ExecOptions {
  signal?: AbortSignal | undefined;
  /** A small read the app makes again and again: run in the connection's kept shell. */
  repeated?: boolean;
  /** Each chunk of output as it arrives, for a long command whose progress the user watches. */
  onOutput?: OnOutput | undefined;
}

export const toAppError = (error: unknown) =>
  isAppError(error)
    ? error
    : new AppError('host_unreachable', error instanceof Error ? error.message : String(error));

/**
 * Runs one command in a new session of the connection; abort kills it. `onOutput` sees every chunk
 * of stdout and stderr as it arrives (a long install streamed to the user), besides the collected result.
 */
export function execOn(
  c: Client,
  command: string,
  signal: AbortSignal | undefined,
  onOutput?: OnOutput,
): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    c.exec(command, (error, channel) => {
      if (error) return reject(toAppError(error));
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const onAbort = () => {
        channel.signal('KILL');
        channel.close();
        reject(signal?.reason instanceof Error ? signal.reason : new AppError('cancelled', 'Cancelled.'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const take = (into: Buffer[]) => (chunk: Buffer) => {
        into.push(chunk);
        onOutput?.(chunk);
      };
      channel.on('data', take(out));
      channel.stderr.on('data', take(err));
      channel.once('close', (code: number | null, closeSignal: string | null) => {
        signal?.removeEventListener('abort', onAbort);
        resolve({
          code: code ?? null,
          signal: closeSignal ?? null,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      });
    });
  });
}
