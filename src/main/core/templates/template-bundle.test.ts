import { resolve } from 'node:path';
import { bundleFormat, bundleVersion, templateManifestSchema } from '@shared/contract/template-model';
import { describe, expect, it } from 'vitest';
import { loadBuiltInTemplates } from './built-in-catalog';
import { exportTemplateBundle, importTemplateBundle } from './template-bundle';
import { manifestFor } from './test-support';

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

describe('template bundles with hostile patterns', () => {
  const compose =
    'services:\n  web:\n    image: nginx:1.27\n    environment:\n      A: ${A}\n      B: ${B}\n';
  const almost = `${'a'.repeat(4095)}!`;

  it('imports one whose patterns backtrack in JavaScript, and checks its 4 KiB defaults without hanging', () => {
    const manifest = templateManifestSchema.parse(
      manifestFor({
        variables: [
          { name: 'A', label: 'A', pattern: '(a+)+$', default: almost },
          { name: 'B', label: 'B', pattern: '^(([a-z])+.)+[A-Z]([a-z])+$', default: almost },
        ],
      }),
    );
    const report = importTemplateBundle(exportTemplateBundle({ manifest, compose }));
    expect(report.errors).toEqual([]);
    expect(report.templates[0]?.report.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'manifest:invalid-default variables[0].default',
      'manifest:invalid-default variables[1].default',
    ]);
  });

  it('refuses one whose patterns use lookahead or a backreference, saying why', () => {
    const bundle = {
      format: bundleFormat,
      version: bundleVersion,
      template: {
        manifest: manifestFor({
          variables: [
            { name: 'A', label: 'A', pattern: '(?=a)a+' },
            { name: 'B', label: 'B', pattern: '(a+)\\1' },
          ],
        }),
        compose,
      },
    };
    const report = importTemplateBundle(JSON.stringify(bundle));
    expect(report.templates).toEqual([]);
    expect(report.errors.map((e) => `${e.code} ${e.path}: ${e.message}`)).toEqual([
      'manifest:invalid variables[0].pattern: variables[0].pattern: Variable A: its pattern uses lookahead, which is not supported; patterns run in linear time (RE2 syntax)',
      'manifest:invalid variables[1].pattern: variables[1].pattern: Variable B: its pattern uses a backreference, which is not supported; patterns run in linear time (RE2 syntax)',
    ]);
  });
});
