import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { createLogDecoder, type LogEntry } from './log-decoder';

/** Bytes read from one container in one round at most; past it the rest waits for the next round. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

export interface LogRead {
  entries: LogEntry[];
  /** The byte budget ran out: what came after `entries` is read next round. */
  isCut: boolean;
  /** Entries Docker sent, and the timestamp of the first: whether `tail` cut off older ones. */
  entriesSeen: number;
  firstTs: string | null;
}

/**
 * Reads a container's lines from `since` (Docker's seconds.nanoseconds) on. `tail` makes Docker
 * seek from the end of its log file instead of scanning it from the start on every read.
 */
export function readContainerLogs(
  docker: Docker,
  options: { containerId: string; isTty: boolean; since: string | null; tail: number; signal: AbortSignal },
): Promise<LogRead> {
  const entries: LogEntry[] = [];
  const decoder = createLogDecoder({ isTty: options.isTty, onLine: (entry) => entries.push(entry) });
  const query: Record<string, string | number | boolean> = {
    stdout: true,
    stderr: true,
    timestamps: true,
    follow: false,
    tail: options.tail,
  };
  if (options.since) query.since = options.since;
  return new Promise<LogRead>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(options.containerId)}/logs?`,
        method: 'GET',
        options: query,
        abortSignal: options.signal,
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const stream = result as Duplex;
        let bytes = 0;
        let isCut = false;
        const finish = () =>
          resolve({ entries, isCut, entriesSeen: decoder.stats().entries, firstTs: decoder.stats().firstTs });
        stream.on('data', (chunk: Buffer) => {
          if (isCut) return;
          bytes += chunk.length;
          decoder.push(chunk);
          if (bytes >= MAX_READ_BYTES) {
            isCut = true;
            stream.destroy();
            finish();
          }
        });
        stream.once('end', () => {
          if (!isCut) finish();
        });
        stream.once('error', (streamError) => {
          if (!isCut) reject(streamError);
        });
      },
    );
  });
}
