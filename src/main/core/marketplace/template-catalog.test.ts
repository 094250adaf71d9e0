import { describe, expect, it } from 'vitest';
import { composeOf, manifestOf, useTempCatalogs } from './test-fixtures';

describe('template catalog: versions', () => {
  const build = useTempCatalogs();

  it('keeps a published version frozen: an edit becomes a new draft and the old version stays published', () => {
    const { catalog, db } = build();
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    catalog.update(id, {
      manifest: manifestOf({ description: 'Edited while a draft.' }),
      compose: composeOf(),
    });
    expect(catalog.get(id).versions).toEqual([
      expect.objectContaining({ version: '1.0.0', status: 'draft' }),
    ]);

    catalog.publish(id, '1.0.0');
    const published = catalog.findVersion(id, '1.0.0')!;
    expect(published.row.status).toBe('published');

    catalog.update(id, {
      manifest: manifestOf({ version: '1.1.0' }),
      compose: composeOf('nginx:1.27.3-alpine'),
    });
    const detail = catalog.get(id);
    expect(detail.versions.map((v) => [v.version, v.status])).toEqual([
      ['1.1.0', 'draft'],
      ['1.0.0', 'published'],
    ]);
    expect(catalog.findVersion(id, '1.0.0')?.row).toEqual(published.row);
    expect(detail.selected.version).toBe('1.0.0');

    expect(() =>
      db.prepare("UPDATE template_versions SET compose = 'x' WHERE version = '1.0.0'").run(),
    ).toThrow(/immutable/);
  });

  it('refuses a new version that is not higher than the published one, and changes nothing', () => {
    const { catalog, snapshot } = build();
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    catalog.publish(id, '1.0.0');
    const before = snapshot();
    expect(() => catalog.update(id, { manifest: manifestOf(), compose: composeOf() })).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'version' }),
    );
    expect(() =>
      catalog.update(id, { manifest: manifestOf({ version: '0.9.0' }), compose: composeOf() }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(snapshot()).toEqual(before);
  });
});

describe('template catalog: a bad edit', () => {
  const build = useTempCatalogs();

  it('refuses a bad edit with the report and leaves every row unchanged', () => {
    const { catalog, snapshot } = build();
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    const before = snapshot();
    const broken = composeOf().replace('${GREETING}', '${UNDECLARED}');
    let thrown: unknown;
    try {
      catalog.update(id, { manifest: manifestOf(), compose: broken });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid_input' });
    const report = (thrown as { details: { report: { errors: { line?: number }[] } } }).details.report;
    expect(report.errors[0]?.line).toBe(8);
    expect(() =>
      catalog.update(id, { manifest: { ...manifestOf(), price_monthly_cents: -1 }, compose: composeOf() }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(snapshot()).toEqual(before);
  });
});

describe('template catalog: publishing, deleting and duplicating', () => {
  const build = useTempCatalogs();

  it('unpublish hides a template from Browse but keeps the version for deployments', () => {
    const { catalog } = build();
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    const browse = () =>
      catalog.list({ scope: 'browse', search: '', sort: 'name' }).templates.map((t) => t.id);
    expect(browse()).toEqual([]);
    catalog.publish(id, '1.0.0');
    expect(browse()).toEqual([id]);
    catalog.unpublish(id, '1.0.0');
    expect(browse()).toEqual([]);
    expect(catalog.findVersion(id, '1.0.0')?.row.status).toBe('unpublished');
    expect(catalog.list({ scope: 'mine', search: '', sort: 'name' }).templates.map((t) => t.status)).toEqual([
      'unpublished',
    ]);
  });

  it('refuses to delete a template a deployment uses, naming the deployments', () => {
    const usage = new Map<string, { id: string; name: string; version: string }[]>();
    const { catalog, snapshot } = build(usage);
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    usage.set(id, [
      { id: 'd1', name: 'blog', version: '1.0.0' },
      { id: 'd2', name: 'shop', version: '1.0.0' },
    ]);
    const before = snapshot();
    expect(() => catalog.delete(id)).toThrow(/blog \(1\.0\.0\), shop \(1\.0\.0\)/);
    expect(snapshot()).toEqual(before);
    usage.delete(id);
    catalog.delete(id);
    expect(snapshot()).toEqual({ templates: [], versions: [] });
  });

  it('refuses a slug that is taken, and duplicates under a free one', () => {
    const { catalog } = build();
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    expect(() => catalog.create({ manifest: manifestOf({ name: 'Other' }), compose: composeOf() })).toThrow(
      expect.objectContaining({ code: 'conflict', field: 'slug' }),
    );
    const copy = catalog.duplicate(id);
    expect(copy.slug).toBe('hello-web-copy');
    const detail = catalog.get(copy.id);
    expect(detail.summary).toMatchObject({
      name: 'Hello Web (copy)',
      source: 'user',
      status: 'draft',
      version: '1.0.0',
    });
    expect(detail.selected.compose).toBe(composeOf());
    expect(catalog.duplicate(id).slug).toBe('hello-web-copy-2');
  });
});

describe('template catalog: browsing and export', () => {
  const build = useTempCatalogs();

  it('searches name, description and tags, filters by category and sorts by price', () => {
    const { catalog } = build();
    const add = (slug: string, overrides: Parameters<typeof manifestOf>[0]) => {
      const { id } = catalog.create({ manifest: manifestOf({ slug, ...overrides }), compose: composeOf() });
      catalog.publish(id, '1.0.0');
    };
    add('alpha', { name: 'Alpha', price_monthly_cents: 500, tags: ['blog'] });
    add('beta', {
      name: 'Beta',
      price_monthly_cents: 100,
      description: 'Keeps your metrics.',
      category: 'monitoring',
    });
    add('gamma', { name: 'Gamma', price_monthly_cents: 300 });
    const names = (query: { search?: string; category?: string; sort?: 'name' | 'newest' | 'price' }) =>
      catalog
        .list({
          scope: 'browse',
          search: query.search ?? '',
          category: query.category,
          sort: query.sort ?? 'name',
        })
        .templates.map((t) => t.name);
    expect(names({})).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(names({ sort: 'price' })).toEqual(['Beta', 'Gamma', 'Alpha']);
    expect(names({ sort: 'newest' })).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(names({ search: 'BLOG' })).toEqual(['Alpha']);
    expect(names({ search: 'metrics' })).toEqual(['Beta']);
    expect(names({ category: 'monitoring' })).toEqual(['Beta']);
    expect(catalog.list({ scope: 'browse', search: '', sort: 'name' }).categories).toEqual([
      'monitoring',
      'web',
    ]);
  });

  it('flags a template whose compose gives a container the host', () => {
    const { catalog } = build();
    const { id } = catalog.create({
      manifest: manifestOf(),
      compose: composeOf('nginx:1.27-alpine', '    privileged: true\n'),
    });
    const { summary, selected } = catalog.get(id);
    expect(summary.isFlagged).toBe(true);
    expect(selected.report.warnings.map((w) => w.code)).toContain('policy:privileged');
  });

  it('exports a bundle that imports back as a new draft', () => {
    const { catalog, repository, engine } = build();
    const { id } = catalog.create({ manifest: manifestOf(), compose: composeOf() });
    const bundle = catalog.exportBundle(id);
    expect(bundle.fileName).toBe('hello-web-1.0.0.hoster-template.json');
    const report = engine.importText({ format: 'bundle', text: bundle.text });
    expect(report.templates).toHaveLength(1);
    expect(report.templates[0]?.template.compose).toBe(composeOf());
    expect(repository.list()).toHaveLength(1);
  });
});
