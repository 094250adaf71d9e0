import { describe, expect, it } from 'vitest';
import { readYaml } from './safe-yaml';
import { readPlainYaml } from './yaml-plain-read';

const codes = (text: string) => {
  const read = readYaml(text, 'compose');
  return read.ok ? [] : read.errors.map((e) => e.code);
};

describe('readYaml', () => {
  it('reads one document and locates keys and values by path', () => {
    const read = readYaml(
      'services:\n  web:\n    image: nginx:1.27.3\n    ports:\n      - "80"\n',
      'compose',
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).toEqual({ services: { web: { image: 'nginx:1.27.3', ports: ['80'] } } });
    expect(read.locate(['services', 'web', 'image'])).toEqual({ line: 3, column: 12 });
    expect(read.locate(['services', 'web', 'image'], 'key')).toEqual({ line: 3, column: 5 });
    expect(read.locate(['services', 'web', 'ports', 0])).toEqual({ line: 5, column: 9 });
    expect(read.locate(['services', 'web', 'missing'])).toEqual({ line: 2, column: 3 });
  });

  it('locates paths alike whether the plain reader or the document model read the file', () => {
    const body = 'services:\n  web:\n    # the app\n    image: "nginx:1.27.3"\n    ports: [ "80", "443" ]\n';
    const plain = readYaml(body, 'compose');
    const modelled = readYaml(`x-a: &a 1\n${body}`, 'compose');
    expect(readPlainYaml(body)).toBeDefined();
    expect(readPlainYaml(`x-a: &a 1\n${body}`)).toBeUndefined();
    const where = (read: typeof plain, path: (string | number)[], at?: 'key') =>
      read.ok ? read.locate(path, at) : undefined;
    for (const [path, at] of [
      [['services', 'web', 'image'], undefined],
      [['services', 'web', 'image'], 'key'],
      [['services', 'web', 'ports', 1], undefined],
    ] as const) {
      const line = where(plain, [...path], at);
      expect(line).toBeDefined();
      expect(where(modelled, [...path], at)).toEqual(line && { ...line, line: line.line + 1 });
    }
    expect(where(plain, ['services', 'web', 'ports', 1])).toEqual({ line: 5, column: 20 });
  });

  it('locates keys that come from a merge', () => {
    const read = readYaml(
      'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: a:1\n',
      'compose',
    );
    expect(read.ok && read.locate(['services', 'web', 'restart'], 'key')).toEqual({ line: 2, column: 3 });
    expect(read.ok && read.value).toEqual({
      'x-base': { restart: 'always' },
      services: { web: { restart: 'always', image: 'a:1' } },
    });
  });
});

describe('readYaml: what it refuses', () => {
  it('refuses empty, oversized, deep and multi-document input', () => {
    expect(codes('  \n# only a comment\n')).toEqual(['yaml:empty']);
    expect(codes('# just a comment')).toEqual(['yaml:empty']);
    expect(codes(`a: "${'x'.repeat(300 * 1024)}"`)).toEqual(['yaml:too-large']);
    expect(codes('['.repeat(10_000))).toEqual(['yaml:too-deep']);
    expect(codes('a: 1\n---\nb: 2\n')).toEqual(['yaml:multiple-documents']);
  });

  it('refuses duplicate keys with their position', () => {
    const read = readYaml('services:\n  web:\n    image: a:1\n    image: b:2\n', 'compose');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors[0]).toMatchObject({ code: 'yaml:duplicate-key', line: 4 });
  });

  it('refuses alias bombs', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i += 1)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(codes(lines.join('\n'))).toEqual(['yaml:aliases']);
  });

  it('refuses a document that expands to too many values', () => {
    const big = `a: &a [${Array(2000).fill('1').join(',')}]\nb: [${Array(90).fill('*a').join(',')}]\n`;
    expect(codes(big)).toEqual(['yaml:too-large']);
  });

  it('refuses syntax errors and unknown tags with a position', () => {
    const read = readYaml('services:\n  web: [unclosed\n', 'compose');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors[0]?.line).toBeGreaterThan(0);
    expect(codes('a: !custom 1\n')).toEqual(['yaml:tag']);
  });

  it('reads YAML 1.2: yes and no stay text', () => {
    const read = readYaml('restart: no\nflag: yes\n', 'compose');
    expect(read.ok && read.value).toEqual({ restart: 'no', flag: 'yes' });
  });
});
