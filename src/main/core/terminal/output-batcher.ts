import { StringDecoder } from 'node:string_decoder';

/** The clock and timers the batcher flushes by; tests move them by hand. */
export interface BatchTiming {
  now: () => number;
  /** Runs `run` after `delayMs` (0: on the next turn of the event loop); returns what cancels it. */
  schedule: (run: () => void, delayMs: number) => () => void;
}

export const realTiming: BatchTiming = {
  now: () => performance.now(),
  schedule: (run, delayMs) => {
    if (delayMs <= 0) {
      const handle = setImmediate(run);
      return () => clearImmediate(handle);
    }
    const handle = setTimeout(run, delayMs);
    return () => clearTimeout(handle);
  },
};

export interface OutputBatcher {
  write(bytes: Buffer): void;
  /** Sends what is pending, with any incomplete sequence at the end of the stream as U+FFFD. */
  end(): void;
}

/**
 * A byte stream (a TTY's output) turned into UTF-8 text chunks for the push channel. A multibyte
 * character split across two reads is carried over to the next chunk (StringDecoder), so each chunk
 * is valid text; bytes that are not UTF-8 become U+FFFD. Output is batched: after a small chunk (an
 * echo, a prompt) the next goes out on the next turn of the event loop, so typing is never held back;
 * after a big one (output pouring in) the next waits until `intervalMs` after it, so a flood is a
 * few large events rather than many small ones; and whenever `maxChars` are pending, at once.
 */
export function createOutputBatcher(
  emit: (text: string) => void,
  options: { intervalMs?: number; maxChars?: number; smallChars?: number; timing?: BatchTiming } = {},
): OutputBatcher {
  const { intervalMs = 8, maxChars = 64 * 1024, smallChars = 1024, timing = realTiming } = options;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  /** When the last big chunk went out: the next waits until `intervalMs` after it. */
  let lastBigFlushAt = -Infinity;
  let cancel: (() => void) | null = null;

  const flush = () => {
    cancel?.();
    cancel = null;
    if (pending === '') return;
    const text = pending;
    pending = '';
    if (text.length >= smallChars) lastBigFlushAt = timing.now();
    emit(text);
  };

  return {
    write(bytes) {
      pending += decoder.write(bytes);
      if (pending.length >= maxChars) flush();
      else if (pending !== '' && cancel === null)
        cancel = timing.schedule(flush, Math.max(0, lastBigFlushAt + intervalMs - timing.now()));
    },
    end() {
      pending += decoder.end();
      flush();
    },
  };
}
