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
