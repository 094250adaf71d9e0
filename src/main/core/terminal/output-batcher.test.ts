import { describe, expect, it } from 'vitest';
import { createOutputBatcher, type BatchTiming } from './output-batcher';

/** A clock and scheduler the test moves by hand. */
function manualTiming() {
  let now = 0;
  let tasks: { at: number; run: () => void }[] = [];
  const timing: BatchTiming = {
    now: () => now,
    schedule: (run, delayMs) => {
      const task = { at: now + delayMs, run };
      tasks.push(task);
      return () => (tasks = tasks.filter((t) => t !== task));
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = tasks.filter((t) => t.at <= now);
    tasks = tasks.filter((t) => t.at > now);
    for (const task of due) task.run();
  };
  return { timing, advance, scheduled: () => tasks.map((t) => t.at - now) };
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('createOutputBatcher: UTF-8', () => {
  it('carries a multibyte character split across reads over to the next chunk', () => {
    const chunks: string[] = [];
    const { timing, advance } = manualTiming();
    const batcher = createOutputBatcher((text) => chunks.push(text), { timing });
    const euro = bytes('€'); // e2 82 ac
    batcher.write(Buffer.concat([bytes('price: '), euro.subarray(0, 2)]));
    advance(0);
    batcher.write(Buffer.concat([euro.subarray(2), bytes(' 5')]));
    advance(8);
    expect(chunks).toEqual(['price: ', '€ 5']);
  });

  it('keeps a four-byte emoji split into single bytes whole', () => {
    const chunks: string[] = [];
    const { timing, advance } = manualTiming();
    const batcher = createOutputBatcher((text) => chunks.push(text), { timing });
    for (const byte of bytes('🐳')) {
      batcher.write(Buffer.from([byte]));
      advance(10);
    }
    expect(chunks).toEqual(['🐳']);
  });

  it('turns bytes that are not UTF-8 into U+FFFD and flushes a sequence the stream ended inside', () => {
    const chunks: string[] = [];
    const batcher = createOutputBatcher((text) => chunks.push(text), { timing: manualTiming().timing });
    batcher.write(Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82]));
    batcher.end();
    expect(chunks).toEqual(['a\uFFFDb\uFFFD']);
  });

});

describe('createOutputBatcher: batching', () => {
  it('sends small chunks (echoes) on the next turn, and after a big chunk waits out the interval', () => {
    const chunks: string[] = [];
    const { timing, advance, scheduled } = manualTiming();
    const batcher = createOutputBatcher((text) => chunks.push(text), { timing, intervalMs: 8, smallChars: 4 });
    batcher.write(bytes('l'));
    expect(scheduled()).toEqual([0]);
    advance(0);
    batcher.write(bytes('s'));
    expect(scheduled()).toEqual([0]);
    advance(0);
    batcher.write(bytes('big output'));
    advance(0);
    batcher.write(bytes('more'));
    batcher.write(bytes(' and more'));
    expect(scheduled()).toEqual([8]);
    advance(8);
    expect(chunks).toEqual(['l', 's', 'big output', 'more and more']);
    advance(100);
    batcher.write(bytes('x'));
    expect(scheduled()).toEqual([0]);
  });

  it('flushes at once when a flood fills a chunk', () => {
    const chunks: string[] = [];
    const batcher = createOutputBatcher((text) => chunks.push(text), { timing: manualTiming().timing, maxChars: 4 });
    batcher.write(bytes('abcdef'));
    expect(chunks).toEqual(['abcdef']);
  });
});
