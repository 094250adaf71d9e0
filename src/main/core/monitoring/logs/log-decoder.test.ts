import { describe, expect, it } from 'vitest';
import { createLogDecoder, MAX_LINE_BYTES, microsOf, type LogEntry } from './log-decoder';

const frame = (stream: 1 | 2, payload: Buffer | string) => {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};
const TS = (n: number) => `2026-01-02T03:04:05.${String(n).padStart(9, '0')}Z`;

function decode(chunks: Buffer[], isTty = false) {
  const lines: LogEntry[] = [];
  const decoder = createLogDecoder({ isTty, onLine: (entry) => lines.push(entry) });
  for (const chunk of chunks) decoder.push(chunk);
  return { lines, stats: decoder.stats() };
}

describe('log decoder', () => {
  it('keeps stdout and stderr apart, in any chunking', () => {
    const all = Buffer.concat([
      frame(1, `${TS(1)} hello\n`),
      frame(2, `${TS(2)} oops\n`),
      frame(1, `${TS(3)} bye\n`),
    ]);
    const bytewise = [...all].map((byte) => Buffer.from([byte]));
    for (const chunks of [[all], bytewise]) {
      const { lines, stats } = decode(chunks);
      expect(lines).toEqual([
        { ts: TS(1), stream: 1, text: 'hello' },
        { ts: TS(2), stream: 2, text: 'oops' },
        { ts: TS(3), stream: 1, text: 'bye' },
      ]);
      expect(stats).toEqual({ entries: 3, firstTs: TS(1) });
    }
  });

  it('joins the 16 KiB parts Docker splits a long line into, and cuts it at the cap', () => {
    const part = 'a'.repeat(16 * 1024);
    const chunks = [
      frame(1, `${TS(5)} ${part}`),
      frame(1, `${TS(5)} ${part}`),
      frame(1, `${TS(5)} tail\n`),
      frame(1, `${TS(6)} next\n`),
    ];
    const { lines, stats } = decode(chunks);
    expect(lines).toHaveLength(2);
    expect(lines[0]?.text.startsWith('a'.repeat(MAX_LINE_BYTES))).toBe(true);
    expect(lines[0]?.text).toMatch(/… \[16388 more bytes not kept\]$/);
    expect(lines[1]?.text).toBe('next');
    expect(stats.entries).toBe(4);
  });

  it('leaves a line still being written for the next read', () => {
    const { lines } = decode([frame(1, `${TS(1)} done\n`), frame(1, `${TS(2)} half`)]);
    expect(lines.map((l) => l.text)).toEqual(['done']);
  });
});

describe('log decoder: unsafe text, TTY streams and timestamps', () => {
  it('stores invalid UTF-8, escapes and binary as safe text', () => {
    const binary = Buffer.concat([
      Buffer.from(`${TS(1)} `),
      Buffer.from([0xff, 0xfe, 0x00, 0x07, 0x41, 0xc2, 0x9b]),
      Buffer.from('\u001b[31mred\u001b[0m\n'),
    ]);
    const { lines } = decode([frame(1, binary)]);
    expect(lines[0]?.text).toBe('\uFFFD\uFFFD\uFFFD\uFFFDA\uFFFDred');
  });

  it('reads a TTY container raw stream, dropping carriage returns', () => {
    const { lines } = decode([Buffer.from(`${TS(1)} first\r\n${TS(2)} sec`), Buffer.from(`ond\r\n`)], true);
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      [1, 'first'],
      [1, 'second'],
    ]);
  });

  it('turns timestamps into microseconds', () => {
    expect(microsOf('2026-01-02T03:04:05.123456789Z')).toBe(1767323045123456);
    expect(microsOf('2026-01-02T03:04:05Z')).toBe(1767323045000000);
  });
});
