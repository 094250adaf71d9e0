import { describe, expect, it } from 'vitest';
import { packChunk, unpackChunk } from './013-log-chunk-format';

describe('log chunk format', () => {
  it('gives back every line as packed, with texts holding newlines, quotes, empty texts and any script', () => {
    const plain = [
      { id: 7, atUs: 1_800_000_000_000_000, stream: 1, text: '{"level":"info","msg":"a \\"quoted\\" word"}' },
      { id: 9, atUs: 1_799_999_999_000_000, stream: 2, text: '' },
      { id: 10, atUs: 1_800_000_002_000_000, stream: 1, text: 'naïve 数据库 \u0000 zero' },
    ];
    const columns = (lines: typeof plain) => ({
      ids: lines.map((l) => l.id),
      times: lines.map((l) => l.atUs),
      streams: lines.map((l) => l.stream).join(''),
      texts: lines.map((l) => l.text),
    });
    expect(unpackChunk(packChunk(plain))).toEqual(columns(plain));
    const withNewline = [...plain, { id: 11, atUs: 1_800_000_003_000_000, stream: 2, text: 'two\nlines' }];
    expect(unpackChunk(packChunk(withNewline))).toEqual(columns(withNewline));
    expect(unpackChunk(packChunk([]))).toEqual({ ids: [], times: [], streams: '', texts: [] });
  });
});
