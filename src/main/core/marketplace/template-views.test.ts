import { describe, expect, it } from 'vitest';
import { manifestOf } from './test-fixtures';
import { parseStoredManifest } from './template-views';
import type { VersionRow } from './template-repository';

const rowWith = (manifest: unknown): VersionRow => ({
  templateId: 't1',
  version: '1.0.0',
  manifest: JSON.stringify(manifest),
  compose: 'services: {}',
  status: 'published',
  createdAt: '2026-01-01T00:00:00Z',
  publishedAt: null,
});

describe('reading a stored manifest', () => {
  it('reads one written before patterns ran on RE2 without the pattern RE2 refuses, keeping the others', () => {
    const stored = manifestOf({
      variables: [
        { name: 'A', label: 'A', pattern: '(?=x)x' },
        { name: 'B', label: 'B', pattern: '[a-z]+' },
      ],
    });
    const manifest = parseStoredManifest(rowWith(stored));
    expect(manifest.variables.map((v) => [v.name, v.pattern])).toEqual([
      ['A', undefined],
      ['B', '[a-z]+'],
    ]);
  });

  it('still refuses a damaged row', () => {
    expect(() => parseStoredManifest(rowWith({ name: 'no slug' }))).toThrow();
  });
});
