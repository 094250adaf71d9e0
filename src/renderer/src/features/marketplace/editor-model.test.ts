import { describe, expect, it } from 'vitest';
import { templateManifestSchema } from '@shared/contract/template-model';
import { emptyForm, fromManifest, nextPatch, slugify, toManifest } from './editor-model';

describe('editor model', () => {
  it('turns a filled form into a manifest the schema accepts, and back', () => {
    const form = {
      ...emptyForm(),
      name: 'Team Notes',
      slug: slugify('Team Notes!'),
      description: 'Notes.',
      tags: 'notes, wiki',
      priceDollars: '3.5',
      variables: [
        {
          name: 'TITLE',
          label: 'Title',
          description: '',
          type: 'select' as const,
          default: 'a',
          required: true,
          pattern: '',
          options: 'a, b',
        },
      ],
      secrets: [{ name: 'DB_PASSWORD', kind: 'password' as const, size: '24', description: '' }],
    };
    const manifest = templateManifestSchema.parse(toManifest(form));
    expect(manifest).toMatchObject({
      slug: 'team-notes',
      price_monthly_cents: 350,
      tags: ['notes', 'wiki'],
      secrets: [{ name: 'DB_PASSWORD', length: 24 }],
    });
    expect(manifest.variables[0]?.options).toEqual([
      { value: 'a', label: 'a' },
      { value: 'b', label: 'b' },
    ]);
    expect(toManifest(fromManifest(manifest))).toEqual(toManifest(form));
  });

  it('leaves text that is not a number as text, so validation names the field', () => {
    const manifest = toManifest({ ...emptyForm(), memoryMb: 'lots' });
    expect(manifest.resources).toMatchObject({ memory_mb: 'lots' });
  });

  it('bumps the patch number for a new version', () => {
    expect(nextPatch('1.2.9')).toBe('1.2.10');
  });
});
