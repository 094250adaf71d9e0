import type { TemplateManifestInput } from '@shared/contract/template-model';

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
