import { StringDecoder } from 'node:string_decoder';

/** When to flush: soon after the first byte (an echo waits a moment at most), never more often than every `intervalMs`. */
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
 * is valid text; bytes that are not UTF-8 become U+FFFD. Output is batched: the first bytes after a
 * quiet spell go out on the next turn of the event loop (a keystroke's echo is not held back), then
 * at most one chunk every `intervalMs`, and at once whenever `maxChars` are pending (a flood).
 */
export function createOutputBatcher(
  emit: (text: string) => void,
  options: { intervalMs?: number; maxChars?: number; timing?: BatchTiming } = {},
): OutputBatcher {
  const { intervalMs = 8, maxChars = 64 * 1024, timing = realTiming } = options;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lastFlushAt = -Infinity;
  let cancel: (() => void) | null = null;

  const flush = () => {
    cancel?.();
    cancel = null;
    if (pending === '') return;
    const text = pending;
    pending = '';
    lastFlushAt = timing.now();
    emit(text);
  };

  return {
    write(bytes) {
      pending += decoder.write(bytes);
      if (pending.length >= maxChars) flush();
      else if (pending !== '' && cancel === null)
        cancel = timing.schedule(flush, Math.max(0, lastFlushAt + intervalMs - timing.now()));
    },
    end() {
      pending += decoder.end();
      flush();
    },
  };
}
