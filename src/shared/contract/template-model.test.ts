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

  const patternIssues = (pattern: string) =>
    variableSchema
      .safeParse({ name: 'V', label: 'V', pattern })
      .error?.issues.map((i) => ({ path: i.path, message: i.message }));

  it.each([
    ['(?=a)a', 'uses lookahead'],
    ['(?<!a)b', 'uses lookbehind'],
    ['(a)\\1', 'uses a backreference'],
  ])('refuses the pattern %s, naming the variable and what it %s', (pattern, uses) => {
    expect(patternIssues(pattern)).toEqual([
      {
        path: ['pattern'],
        message: `Variable V: its pattern ${uses}, which is not supported; patterns run in linear time (RE2 syntax)`,
      },
    ]);
  });

  it.each(['[a-z', '(?<n>a', '\\u00e9', 'a'.repeat(1025), '(?:a|.){0,990}b'])(
    'refuses the pattern %s',
    (pattern) => {
      const issues = patternIssues(pattern);
      expect(issues?.map((i) => i.path)).toEqual([['pattern']]);
      expect(issues?.[0]?.message).toMatch(/^Variable V: its pattern /);
    },
  );

  it.each([
    '[a-z0-9-]+',
    '\\d{1,5}',
    '(foo|bar)',
    '[(]+',
    'a(b)?c+',
    '\\p{L}+',
    '(a+)+',
    '(a|b)*',
    '((ab)*)+',
    '(x{2,})+',
  ])('accepts the pattern %s', (pattern) => {
    expect(variableSchema.safeParse({ name: 'V', label: 'V', pattern }).success).toBe(true);
  });
});

describe('the patterns of a template together', () => {
  const withPatterns = (count: number) =>
    templateManifestSchema.safeParse({
      ...base,
      variables: Array.from({ length: count }, (_, i) => ({
        name: `V${i}`,
        label: `V${i}`,
        pattern: '[A-Za-z0-9_.* -]{1,253}',
      })),
    });

  it('compile to at most the budget, so checking all the values stays quick', () => {
    expect(withPatterns(1).success).toBe(true);
    const issues = withPatterns(2).error?.issues;
    expect(issues?.map((i) => i.path)).toEqual([['variables']]);
    expect(issues?.[0]?.message).toMatch(
      /^the variables' patterns together compile to about 1014 RE2 instructions, more than 1000/,
    );
  });
});
