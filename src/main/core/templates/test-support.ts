import type { TemplateManifestInput } from '@shared/contract/template-model';
import { importCompose } from './import-compose';

/** A small valid manifest for tests; fields can be replaced one by one. */
export function manifestFor(overrides: Partial<TemplateManifestInput> = {}): TemplateManifestInput {
  return {
    name: 'Test app',
    slug: 'test-app',
    version: '1.0.0',
    description: 'A template made for tests.',
    category: 'web',
    icon: '🧪',
    price_monthly_cents: 300,
    resources: { cpu_cores: 0.5, memory_mb: 256, disk_mb: 1024 },
    ...overrides,
  };
}

/** Imports one compose file that must import without errors: its template, validation and the report's items. */
export function importedCompose(compose: string) {
  const report = importCompose(compose, { fileName: 'docker-compose.yml' });
  if (report.errors.length > 0) throw new Error(`the import failed: ${report.errors[0]?.message ?? ''}`);
  const template = report.templates[0];
  if (template === undefined) throw new Error('the import gave no template');
  return {
    manifest: template.template.manifest,
    compose: template.template.compose,
    validation: template.report,
    items: report.items,
  };
}
