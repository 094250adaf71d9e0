import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltInTemplates } from './built-in-catalog';
import { exportTemplateBundle, importTemplateBundle } from './template-bundle';

describe('template bundles', () => {
  it('round-trips every built-in template', async () => {
    const catalog = await loadBuiltInTemplates(resolve(__dirname, '../../../../resources/templates'));
    for (const { template } of catalog.templates) {
      const bundle = exportTemplateBundle(template, new Date('2026-01-02T03:04:05Z'));
      expect(JSON.parse(bundle)).toMatchObject({
        format: 'hoster-template-bundle',
        version: 1,
        exported_at: '2026-01-02T03:04:05.000Z',
      });
      const imported = importTemplateBundle(bundle);
      expect(imported.errors).toEqual([]);
      expect(imported.templates[0]?.template).toEqual(template);
      expect(imported.templates[0]?.report.errors).toEqual([]);
    }
  });

  it('refuses other files and other versions with typed errors', () => {
    expect(importTemplateBundle('{"format": "something-else"}').errors.map((e) => e.code)).toEqual([
      'bundle:format',
    ]);
    expect(
      importTemplateBundle('{"format": "hoster-template-bundle", "version": 2, "template": {}}').errors.map(
        (e) => e.code,
      ),
    ).toEqual(['bundle:version']);
    expect(
      importTemplateBundle('{"format": "hoster-template-bundle", "version": 1}').errors.map((e) => e.code),
    ).toEqual(['bundle:invalid']);
    expect(importTemplateBundle('not json').errors.map((e) => e.code)).toEqual(['import:not-json']);
  });

  it('reports an invalid manifest inside a bundle', () => {
    const report = importTemplateBundle(
      JSON.stringify({
        format: 'hoster-template-bundle',
        version: 1,
        template: { manifest: { name: 'x' }, compose: 'services: {}' },
      }),
    );
    expect(report.templates).toEqual([]);
    expect(report.items).toEqual([
      { action: 'refused', subject: 'template', reason: 'The manifest in the bundle is not valid.' },
    ]);
    expect(report.errors.every((e) => e.code === 'manifest:invalid')).toBe(true);
  });
});
