import { afterEach } from 'vitest';
import type { TemplateManifestInput } from '@shared/contract/template-model';
import type { TemplateUsage } from '@shared/contract/templates';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import type { Clock } from '../clock';
import { openDatabase } from '../db/database';
import { migrations } from '../db/migrations';
import { createTemplateEngine } from './engine-adapter';
import { createTemplateCatalog } from './template-catalog';
import { createTemplateRepository, type TemplateRepository } from './template-repository';

export const composeOf = (image = 'nginx:1.27-alpine', extra = ''): string => `services:
  web:
    image: ${image}
    restart: unless-stopped
    ports:
      - "80"
    environment:
      GREETING: \${GREETING}
    healthcheck:
      test: ["CMD", "wget", "-q", "--spider", "http://localhost/"]
      interval: 30s
${extra}`;

export const manifestOf = (overrides: Partial<TemplateManifestInput> = {}): TemplateManifestInput => ({
  name: 'Hello Web',
  slug: 'hello-web',
  version: '1.0.0',
  description: 'A small web server that says hello.',
  category: 'web',
  tags: ['nginx', 'static'],
  icon: 'globe',
  price_monthly_cents: 200,
  resources: { cpu_cores: 0.25, memory_mb: 128, disk_mb: 256 },
  primary: { service: 'web', port: 80 },
  variables: [{ name: 'GREETING', label: 'Greeting', default: 'hello' }],
  ...overrides,
});

/** A real database in `dir`, the real engine, and a clock that moves one second per reading. */
export function buildCatalog(
  dir: string,
  usage: Map<string, TemplateUsage[]> = new Map(),
  wrap: (r: TemplateRepository) => TemplateRepository = (r) => r,
) {
  const { db } = openDatabase(`${dir}/hoster.db`, migrations);
  let tick = Date.parse('2026-01-01T00:00:00Z');
  const clock: Clock = { now: () => new Date((tick += 1000)) };
  const repository = wrap(createTemplateRepository(db));
  const engine = createTemplateEngine();
  const catalog = createTemplateCatalog({
    repository,
    engine,
    clock,
    deploymentsUsing: (id) => usage.get(id) ?? [],
  });
  /** Every stored row, to prove a refused write changed nothing. */
  const snapshot = () => ({
    templates: db.prepare('SELECT * FROM templates ORDER BY id').all(),
    versions: db.prepare('SELECT * FROM template_versions ORDER BY id').all(),
  });
  return { db, repository, engine, catalog, clock, snapshot };
}

type CatalogOptions = Parameters<typeof buildCatalog> extends [string, ...infer Rest] ? Rest : never;

/** `buildCatalog` in a fresh temporary folder, closed and removed after each test; call it inside a `describe`. */
export function useTempCatalogs() {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  return (...options: CatalogOptions) => {
    const dir = makeTempDir();
    const built = buildCatalog(dir.path, ...options);
    cleanups.push(() => {
      built.db.close();
      dir.remove();
    });
    return built;
  };
}
