import { describe, expect, it } from 'vitest';
import { tokenizeYamlLine } from './yaml-tokens';

const kinds = (line: string) => tokenizeYamlLine(line).map((t) => [t.kind, t.text]);

describe('tokenizeYamlLine', () => {
  it('marks a key, a quoted value and a variable inside it', () => {
    expect(kinds('  image: "postgres:${PG_VERSION}"')).toEqual([
      ['punctuation', '  '],
      ['key', 'image'],
      ['punctuation', ':'],
      ['plain', ' '],
      ['string', '"postgres:'],
      ['variable', '${PG_VERSION}'],
      ['string', '"'],
    ]);
  });

  it('keeps a comment whole and ignores a # inside a string', () => {
    expect(kinds('# services')).toEqual([['comment', '# services']]);
    expect(kinds("x: 'a # b' # note")).toEqual([
      ['key', 'x'],
      ['punctuation', ':'],
      ['plain', ' '],
      ['string', "'a # b'"],
      ['plain', ' '],
      ['comment', '# note'],
    ]);
  });

  it('reads list items with keys and plain list values', () => {
    expect(kinds('  - name: web')[1]).toEqual(['key', 'name']);
    expect(kinds('  - 8080:80')).toEqual([['plain', '  - 8080:80']]);
  });

  it('round-trips every line unchanged', () => {
    for (const line of [
      'a: b',
      '    - "${X}:/data"',
      'ports: [80, 443] # web',
      'x',
      '',
      'url: http://a:b@c',
    ]) {
      expect(
        tokenizeYamlLine(line)
          .map((t) => t.text)
          .join(''),
      ).toBe(line);
    }
  });
});
