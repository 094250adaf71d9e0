import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { loadBuiltInTemplates, type CatalogLoad } from './built-in-catalog';
import { renderCompose } from './render-compose';
import { generateSecrets } from './secrets';

const CATALOG = resolve(__dirname, '../../../../resources/templates');
const SEED_APPS = [
  'wordpress',
  'ghost',
  'nextcloud',
  'bookstack',
  'chatwoot',
  'jellyfin',
  'gitea',
  'code-server',
  'wiki-js',
  'outline',
  'uptime-kuma',
  'grafana',
  'healthchecks',
  'n8n',
  'huginn',
  'directus',
  'appsmith',
  'plausible',
  'metabase',
  'matomo',
];
const SINGLE_SERVICES = ['postgresql', 'mysql', 'mariadb', 'redis', 'mongodb', 'nginx'];

let catalogLoad: Promise<CatalogLoad> | null = null;
/** The catalog, read once for every describe that needs it. */
const loadCatalog = () => (catalogLoad ??= loadBuiltInTemplates(CATALOG));

describe('the built-in catalog', () => {
  let catalog: CatalogLoad;
  beforeAll(async () => {
    catalog = await loadCatalog();
  });

  it('loads every template with zero errors and zero warnings', () => {
    expect(catalog.failures).toEqual([]);
    for (const { template, report } of catalog.templates) {
      expect({ slug: template.manifest.slug, errors: report.errors, warnings: report.warnings }).toEqual({
        slug: template.manifest.slug,
        errors: [],
        warnings: [],
      });
    }
  });

  it("holds the seed's 20 apps and the single services people deploy alone", () => {
    const slugs = catalog.templates.map((t) => t.template.manifest.slug);
    expect(slugs).toEqual(expect.arrayContaining([...SEED_APPS, ...SINGLE_SERVICES]));
    expect(slugs.length).toBeGreaterThanOrEqual(25);
  });

  it('pins every image to a version tag and checks the health of at least one service', () => {
    for (const { template, report } of catalog.templates) {
      const services = report.compose?.services ?? [];
      for (const service of services) {
        expect(service.image, `${template.manifest.slug}/${service.name}`).toMatch(/:\w[\w.-]*$/);
        expect(service.image, `${template.manifest.slug}/${service.name}`).not.toMatch(/:latest$/);
      }
      expect(
        services.filter((s) => s.healthcheck && !s.healthcheck.disabled).length,
        template.manifest.slug,
      ).toBeGreaterThan(0);
    }
  });
});

describe('the built-in catalog: restart policies and prices', () => {
  let catalog: CatalogLoad;
  beforeAll(async () => {
    catalog = await loadCatalog();
  });

  it('names a restart policy for every service and waits for healthy dependencies', () => {
    for (const { template, report } of catalog.templates) {
      for (const service of report.compose?.services ?? []) {
        const oneShot = report.compose?.services.some((s) =>
          s.dependsOn.some(
            (d) => d.service === service.name && d.condition === 'service_completed_successfully',
          ),
        );
        expect(
          service.restart.policy === 'no' && !oneShot,
          `${template.manifest.slug}/${service.name} has no restart policy`,
        ).toBe(false);
        for (const dependency of service.dependsOn) {
          expect(
            ['service_healthy', 'service_completed_successfully'],
            `${template.manifest.slug}/${service.name}`,
          ).toContain(dependency.condition);
        }
      }
    }
  });

  it('prices each template between $2 and $8 a month, with resources, tags and notes', () => {
    for (const { template } of catalog.templates) {
      const m = template.manifest;
      expect(m.price_monthly_cents, m.slug).toBeGreaterThanOrEqual(200);
      expect(m.price_monthly_cents, m.slug).toBeLessThanOrEqual(800);
      expect(m.tags.length, m.slug).toBeGreaterThan(0);
      expect(m.notes.trim(), m.slug).not.toBe('');
      expect(m.primary, m.slug).toBeDefined();
    }
  });
});

describe('the built-in catalog: secrets and rendering', () => {
  let catalog: CatalogLoad;
  beforeAll(async () => {
    catalog = await loadCatalog();
  });

  it('uses generated secrets instead of passwords written into the compose file', () => {
    for (const { template, report } of catalog.templates) {
      for (const service of report.compose?.services ?? []) {
        for (const [name, value] of Object.entries(service.environment)) {
          if (/PASSWORD|PASSWD|SECRET|_KEY|TOKEN/i.test(name))
            expect(value, `${template.manifest.slug}/${service.name} ${name}`).toContain('${');
        }
      }
    }
  });

  it('renders every template with its defaults and fresh secrets', () => {
    for (const { template } of catalog.templates) {
      const values: Record<string, string> = { ...generateSecrets(template.manifest) };
      for (const v of template.manifest.variables)
        if (v.required && v.default === undefined)
          values[v.name] = v.type === 'url' ? 'https://idp.example.com/x' : 'value';
      const rendered = renderCompose(template, values);
      expect(rendered.ok ? [] : rendered.errors, template.manifest.slug).toEqual([]);
      if (rendered.ok) expect(JSON.stringify(rendered.compose)).not.toContain('${');
    }
  });
});

describe('loadBuiltInTemplates', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('reports broken folders without hiding the good ones', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    mkdirSync(join(dir.path, 'empty'));
    mkdirSync(join(dir.path, 'wrong-slug'));
    writeFileSync(join(dir.path, 'wrong-slug', 'template.yaml'), 'name: x\n');
    writeFileSync(join(dir.path, 'wrong-slug', 'compose.yaml'), 'services: {}\n');
    const result = await loadBuiltInTemplates(dir.path);
    expect(result.templates).toEqual([]);
    expect(result.failures.map((f) => f.directory.split('/').pop())).toEqual(['empty', 'wrong-slug']);
    expect(result.failures[0]?.errors[0]?.code).toBe('catalog:missing-file');
  });

  it('reports a missing catalog folder', async () => {
    const result = await loadBuiltInTemplates('/nonexistent/catalog');
    expect(result.failures[0]?.errors[0]?.code).toBe('catalog:missing-folder');
  });
});
