import { templateManifestSchema } from '@shared/contract/template-model';
import { describe, expect, it } from 'vitest';
import { manifestFor } from './test-support';
import { validateVariableValues } from './variable-values';

const manifest = templateManifestSchema.parse(
  manifestFor({
    variables: [
      { name: 'NAME', label: 'Name', required: true, pattern: '[a-z]+' },
      { name: 'COUNT', label: 'Count', type: 'number', default: '1' },
      { name: 'ON', label: 'On', type: 'boolean' },
      { name: 'SIZE', label: 'Size', type: 'select', options: ['small', { value: 'large', label: 'Large' }] },
      { name: 'MAIL', label: 'Mail', type: 'email' },
      { name: 'SITE', label: 'Site', type: 'url' },
      { name: 'PASS', label: 'Pass', type: 'password' },
    ],
    secrets: [{ name: 'TOKEN', kind: 'uuid' }],
  }),
);

const problems = (values: Record<string, string>) =>
  validateVariableValues(manifest, values).map((e) => `${e.code} ${e.path}`);

describe('validateVariableValues', () => {
  it('accepts good values and falls back to defaults', () => {
    expect(
      problems({
        NAME: 'abc',
        ON: 'true',
        SIZE: 'large',
        MAIL: 'a@b.io',
        SITE: 'https://x.io/a',
        PASS: 'multi word pass',
        TOKEN: 'x',
      }),
    ).toEqual([]);
    expect(problems({ NAME: 'abc', COUNT: '' })).toEqual([]);
  });

  it('names each bad value', () => {
    expect(
      problems({
        NAME: 'ABC',
        COUNT: '1e3',
        ON: 'yes',
        SIZE: 'medium',
        MAIL: 'nope',
        SITE: 'ftp://x',
        PASS: 'a\nb',
        OTHER: 'x',
      }),
    ).toEqual([
      'values:unknown OTHER',
      'values:invalid NAME',
      'values:invalid COUNT',
      'values:invalid ON',
      'values:invalid SIZE',
      'values:invalid MAIL',
      'values:invalid SITE',
      'values:invalid PASS',
    ]);
  });

  it('requires required variables', () => {
    expect(problems({})).toEqual(['values:required NAME']);
    expect(problems({ NAME: '' })).toEqual(['values:required NAME']);
  });

  it('caps the length of a value', () => {
    expect(problems({ NAME: 'a'.repeat(5000) })).toEqual(['values:invalid NAME']);
  });
});

describe('patterns on hostile values', () => {
  // Each of these backtracks for ages in JavaScript's RegExp on a 4 KiB value that almost matches;
  // RE2 answers in linear time, so the test would hang past its timeout only if that were lost.
  const hostile = templateManifestSchema.parse(
    manifestFor({
      variables: [
        { name: 'NESTED', label: 'Nested', pattern: '(a+)+$' },
        { name: 'OVERLAP', label: 'Overlap', pattern: '(a|aa)+$' },
        { name: 'STARS', label: 'Stars', pattern: '(.*a){20}' },
        { name: 'WORDS', label: 'Words', pattern: '^(([a-z])+.)+[A-Z]([a-z])+$' },
      ],
    }),
  );
  const almost = `${'a'.repeat(4095)}!`;
  const check = (values: Record<string, string>) =>
    validateVariableValues(hostile, values).map((e) => `${e.code} ${e.path}`);

  it('refuses values that almost match, without hanging', () => {
    expect(check({ NESTED: almost, OVERLAP: almost, STARS: `${'a'.repeat(4095)}b`, WORDS: almost })).toEqual([
      'values:invalid NESTED',
      'values:invalid OVERLAP',
      'values:invalid STARS',
      'values:invalid WORDS',
    ]);
  });

  it('accepts 4 KiB values that match', () => {
    const a = 'a'.repeat(4096);
    expect(check({ NESTED: a, OVERLAP: a, STARS: a, WORDS: `${'a'.repeat(4093)}Xyz` })).toEqual([]);
  });
});
