import { pipeline, Transform, type Readable } from 'node:stream';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${UNITS[unit] ?? 'B'}`;
}

const REPORT_EVERY_MS = 250;
/** Every tar ends with two zeroed 512-byte blocks. */
const TAR_END = Buffer.alloc(1024);

/**
 * Counts the bytes passing through and reports them on the job with the rate, at most every
 * 250 ms: "Backing up db (2 of 3) · 120 MiB · 40 MiB/s". `part` places this stream among the job's.
 */
export function meter(
  job: JobContext,
  step: string,
  part: { index: number; count: number },
  options: { isTar?: boolean } = {},
) {
  const started = Date.now();
  let bytes = 0;
  let tail: Buffer = Buffer.alloc(0);
  let reported = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!force && now - reported < REPORT_EVERY_MS) return;
    reported = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    job.progress({
      step,
      fraction: Math.min(1, part.index / part.count),
      detail: `${formatBytes(bytes)} · ${formatBytes(bytes / seconds)}/s`,
    });
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      // Only the last 1 KiB is kept: concatenating whole chunks copied every byte of the stream once more.
      if (options.isTar)
        tail = chunk.length >= TAR_END.length ? chunk.subarray(-TAR_END.length) : Buffer.concat([tail, chunk]).subarray(-TAR_END.length);
      report(false);
      done(null, chunk);
    },
    // A tar cut short (a dropped connection) must not reach restic's end of input: it would be kept as a snapshot.
    flush(done) {
      report(true);
      if (options.isTar && !tail.equals(TAR_END)) done(new AppError('unavailable', 'The volume stream ended before the whole archive arrived (the connection to the node dropped?).'));
      else done();
    },
  });
  return {
    through: (source: Readable): Readable => {
      // Either side going takes the other: a failed source fails the count, and a reader that stops
      // (restic failed or was cancelled) lets the node's stream go instead of leaving it blocked.
      pipeline(source, counter, () => undefined);
      // Its reader may come later (restic waits for the repository's lock): an error before then is kept
      // for it in `errored` (see runProcess) instead of going unhandled.
      counter.on('error', () => undefined);
      return counter;
    },
    bytes: () => bytes,
  };
}
