import { describe, expect, it } from 'vitest';
import { templateManifestSchema, variableSchema } from './template-model';

const base = {
  name: 'App',
  slug: 'app',
  version: '1.0.0',
  description: 'An app.',
  category: 'web',
  icon: '🚀',
  price_monthly_cents: 300,
  resources: { cpu_cores: 0.5, memory_mb: 256, disk_mb: 512 },
};

describe('templateManifestSchema', () => {
  it('fills defaults', () => {
    const manifest = templateManifestSchema.parse({
      ...base,
      variables: [{ name: 'A', label: 'A', default: 3 }],
      secrets: [{ name: 'S', kind: 'password' }],
    });
    expect(manifest).toMatchObject({
      tags: [],
      notes: '',
      config_files: [],
      variables: [{ name: 'A', type: 'text', required: false, default: '3' }],
      secrets: [{ kind: 'password', length: 32 }],
    });
  });

  it.each([
    ['slug', { slug: 'Bad Slug' }],
    ['version', { version: '1.0' }],
    ['icon', { icon: 'not an icon!' }],
    ['category', { category: 'games' }],
    ['price', { price_monthly_cents: -1 }],
    ['unknown key', { surprise: true }],
    ['duplicate names', { variables: [{ name: 'X', label: 'X' }], secrets: [{ name: 'X', kind: 'uuid' }] }],
    ['config path', { config_files: [{ service: 'web', path: 'relative.conf', content: '' }] }],
    ['config path escaping', { config_files: [{ service: 'web', path: '/etc/../../x', content: '' }] }],
  ])('refuses a bad %s', (_, change) => {
    expect(templateManifestSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });

  it('accepts an icon name or an emoji', () => {
    expect(templateManifestSchema.safeParse({ ...base, icon: 'database' }).success).toBe(true);
    expect(templateManifestSchema.safeParse({ ...base, icon: '☁️' }).success).toBe(true);
  });
});

describe('variableSchema', () => {
  it('requires options for a select', () => {
    expect(variableSchema.safeParse({ name: 'S', label: 'S', type: 'select' }).success).toBe(false);
  });

  it.each(['(a+)+', '(a|b)*', '((ab)*)+', '(x{2,})+', '[a-z', '(?<n>a'])(
    'refuses the pattern %s',
    (pattern) => {
      expect(variableSchema.safeParse({ name: 'V', label: 'V', pattern }).success).toBe(false);
    },
  );

  it.each(['[a-z0-9-]+', '\\d{1,5}', '(foo|bar)', '[(]+', 'a(b)?c+'])('accepts the pattern %s', (pattern) => {
    expect(variableSchema.safeParse({ name: 'V', label: 'V', pattern }).success).toBe(true);
  });
});
