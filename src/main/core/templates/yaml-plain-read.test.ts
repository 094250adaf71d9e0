import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readPlainYaml, yamlParseOptions } from './yaml-plain-read';

/** What the full read says: the value when the composer reports nothing, otherwise `undefined`. */
function fullRead(text: string): { value: unknown } | undefined {
  const documents = parseAllDocuments(text, yamlParseOptions);
  if (!Array.isArray(documents) || documents.length !== 1) return undefined;
  const [document] = documents;
  if (!document || document.errors.length > 0 || document.warnings.length > 0) return undefined;
  return { value: document.toJS({ maxAliasCount: 100 }) };
}

/** The plain reader either steps aside or agrees with the full read, which then found no problem. */
function expectAgreement(text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain === undefined) return false;
  const full = fullRead(text);
  expect(full, text).toBeDefined();
  expect(plain.value, text).toStrictEqual(full?.value);
  return true;
}

const catalog = resolve(__dirname, '../../../../resources/templates');
const fixtures = resolve(__dirname, 'fixtures');
const yamlFiles = [
  ...readdirSync(catalog, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => ['compose.yaml', 'template.yaml'].map((file) => resolve(catalog, entry.name, file))),
  ...readdirSync(fixtures)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => resolve(fixtures, file)),
];

describe('readPlainYaml on real files', () => {
  it('reads every built-in template and fixture as the full read does', () => {
    const taken = yamlFiles.filter((file) => expectAgreement(readFileSync(file, 'utf8')));
    expect(yamlFiles.length).toBeGreaterThan(40);
    expect(taken.length).toBeGreaterThan(yamlFiles.length * 0.8);
  });
});

describe('readPlainYaml on chosen shapes', () => {
  it('reads scalars as the core schema types them', () => {
    const text =
      'a: 1\nb: 0x1F\nc: 0o17\nd: 1.5e3\ne: .inf\nf: true\ng: ~\nh: "1"\ni: |\n  x\n  y\nj:\nk: -0\n';
    expect(expectAgreement(text)).toBe(true);
    expect(readPlainYaml(text)?.value).toMatchObject({
      a: 1,
      b: 31,
      c: 15,
      f: true,
      g: null,
      h: '1',
      j: null,
    });
  });

  it('reads flow collections, comments and folded plain scalars', () => {
    const text =
      '# head\nx: [a, "b", {c: 1, d: [2]}] # tail\ny:\n  - one\n    two\n  # last\nz: { }\nw: [\n    a,\n    b\n  ]\n';
    expect(expectAgreement(text)).toBe(true);
  });

  it('leaves every shape outside its subset, and every error, to the full read', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'x: &b {k: 1}\ny:\n  <<: *b\n',
      '? a\n: b\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\na: 2\n',
      'a: {b: 1, b: 2}\n',
      '1: a\n',
      'a:\tb\n',
      'a: b\r\nc: d\r\n',
      '__proto__: 1\n',
      'a: [1, 2,]\n',
      'a: b: c\n',
      'a: [ , ]\n',
      'a: "b"#x\n',
      'a: [b\n',
      '  a: 1\n b: 2\n',
      'a: @b\n',
      'a: "\\q"\n',
      'a:\n  - b\n - c\n',
      `${'k'.repeat(1100)}: 1\n`,
      '- a\nb: 1\n',
    ])
      expect(readPlainYaml(text), text).toBeUndefined();
  });
});

const piece = fc.constantFrom(
  'a',
  'b',
  'web',
  '"q"',
  "'s'",
  '1',
  '-2',
  '0x1f',
  '1.5',
  'true',
  'null',
  '~',
  '',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\n    ',
  ': ',
  ':',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ',',
  '#c',
  ' #c',
  '|',
  '>',
  '&a ',
  '*a',
  '!!str ',
  '? ',
  '<<: ',
  '"',
  "'",
  '\\',
  '@',
  '`',
  '%',
  '---',
  '...',
  '\t',
  'é',
  '${X}',
);

describe('readPlainYaml on generated documents', () => {
  it('agrees with the full read whenever it answers', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        if (expectAgreement(pieces.join(''))) taken += 1;
      }),
      { numRuns: 4000, seed: 12 },
    );
    expect(taken).toBeGreaterThan(200);
  });
});
