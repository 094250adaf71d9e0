import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { builtinId, importTemplates, seedBuiltins } from './template-intake';
import { composeOf, manifestOf, useTempCatalogs } from './test-fixtures';
import { templateManifestSchema, type Template } from '@shared/contract/template-model';

const builtin = (overrides: Parameters<typeof manifestOf>[0] = {}, compose = composeOf()): Template => ({
  manifest: templateManifestSchema.parse(
    manifestOf({ slug: 'web-server', name: 'Web Server', ...overrides }),
  ),
  compose,
});

const portainerTwo = JSON.stringify({
  version: '2',
  templates: [
    {
      type: 1,
      title: 'Nginx',
      description: 'A web server',
      image: 'nginx:1.27-alpine',
      ports: ['80/tcp'],
      categories: ['web'],
    },
    {
      type: 1,
      title: 'Redis',
      description: 'A key-value store',
      image: 'redis:7.4-alpine',
      ports: ['6379/tcp'],
      categories: ['database'],
    },
  ],
});

describe('template imports', () => {
  const build = useTempCatalogs();

  it('imports a plain compose file as a draft and reports what it took', () => {
    const { catalog, repository, engine } = build();
    const compose =
      'services:\n  app:\n    image: ghcr.io/example/app:2.1.0\n    ports:\n      - "8080:3000"\n    environment:\n      TOKEN: ${APP_TOKEN}\n';
    const { report, createdIds } = importTemplates(
      { engine, repository, catalog },
      { format: 'compose', text: compose },
    );
    expect(report.errors).toEqual([]);
    expect(createdIds).toHaveLength(1);
    const detail = catalog.get(createdIds[0]!);
    expect(detail.summary).toMatchObject({ source: 'imported', status: 'draft' });
    expect(
      detail.selected.manifest.variables
        .map((v) => v.name)
        .concat(detail.selected.manifest.secrets.map((s) => s.name)),
    ).toContain('APP_TOKEN');
    expect(report.items.length).toBeGreaterThan(0);
  });

  it('a failed import leaves every stored row unchanged', () => {
    const { catalog, repository, engine, snapshot } = build();
    catalog.create({ manifest: manifestOf(), compose: composeOf() });
    const before = snapshot();
    for (const junk of [
      '\u0000\u0001binary',
      'a: &a [*a, *a]\nb: [*a, *a, *a]',
      'services: {web: {image: x, privileged: [}',
      '{"version": "3", "templates": 7}',
    ]) {
      const format = junk.startsWith('{') ? 'portainer' : 'compose';
      const { createdIds } = importTemplates({ engine, repository, catalog }, { format, text: junk });
      expect(createdIds).toEqual([]);
    }
    expect(snapshot()).toEqual(before);
  });
});

describe('template imports: rollback and slugs', () => {
  const build = useTempCatalogs();

  it('rolls back the whole import when storing any template fails', () => {
    let inserts = 0;
    const { catalog, repository, engine, snapshot } = build(new Map(), (r) => ({
      ...r,
      insertVersion: (version) => {
        inserts += 1;
        if (inserts === 2) throw new Error('disk full');
        r.insertVersion(version);
      },
    }));
    const before = snapshot();
    expect(engine.importText({ format: 'portainer', text: portainerTwo }).templates).toHaveLength(2);
    expect(() =>
      importTemplates({ engine, repository, catalog }, { format: 'portainer', text: portainerTwo }),
    ).toThrow(/disk full/);
    expect(snapshot()).toEqual(before);
  });

  it('gives an imported template a free slug and says so', () => {
    const { catalog, repository, engine } = build();
    const first = importTemplates(
      { engine, repository, catalog },
      { format: 'portainer', text: portainerTwo },
    );
    const second = importTemplates(
      { engine, repository, catalog },
      { format: 'portainer', text: portainerTwo },
    );
    expect(first.createdIds).toHaveLength(2);
    expect(second.createdIds).toHaveLength(2);
    expect(
      second.report.items.filter((i) => i.action === 'changed' && /was taken/.test(i.reason)),
    ).toHaveLength(2);
  });
});

describe('built-in templates', () => {
  const build = useTempCatalogs();

  it('seeds built-ins once, adds new versions, never rewrites one, and unpublishes what is no longer shipped', () => {
    const { catalog, repository, engine, clock, snapshot } = build();
    const deps = { engine, repository, clock, logger: silentLogger };
    expect(seedBuiltins(deps, [builtin()])).toEqual([builtinId('web-server')]);
    const afterFirst = snapshot();
    expect(seedBuiltins(deps, [builtin()])).toEqual([]);
    expect(seedBuiltins(deps, [builtin({ description: 'Changed without a version bump.' })])).toEqual([]);
    expect(snapshot()).toEqual(afterFirst);

    seedBuiltins(deps, [builtin({ version: '1.1.0' })]);
    expect(catalog.get(builtinId('web-server')).versions.map((v) => [v.version, v.status])).toEqual([
      ['1.1.0', 'published'],
      ['1.0.0', 'published'],
    ]);
    seedBuiltins(deps, []);
    expect(catalog.list({ scope: 'browse', search: '', sort: 'name' }).templates).toEqual([]);
  });

  it('keeps built-ins read-only but lets them be duplicated', () => {
    const { catalog, repository, engine, clock } = build();
    seedBuiltins({ engine, repository, clock, logger: silentLogger }, [builtin()]);
    const id = builtinId('web-server');
    expect(() =>
      catalog.update(id, {
        manifest: manifestOf({ slug: 'web-server', version: '2.0.0' }),
        compose: composeOf(),
      }),
    ).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => catalog.unpublish(id, '1.0.0')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => catalog.delete(id)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const copy = catalog.duplicate(id);
    expect(catalog.get(copy.id).summary).toMatchObject({ source: 'user', slug: 'web-server-copy' });
  });
});

describe('built-in templates stored by an older app', () => {
  const build = useTempCatalogs();

  it('warns of a shipped version that changed, but not of one stored before a manifest key with a default existed', () => {
    const { engine, repository, clock } = build();
    const warnings: string[] = [];
    const deps = {
      engine,
      repository,
      clock,
      logger: { ...silentLogger, warn: (message: string) => warnings.push(message) },
    };
    // As an older app stored it: without `backups`, which today's schema fills with its default.
    const { backups, ...older } = builtin().manifest;
    expect(backups).toEqual([]);
    const at = clock.now().toISOString();
    repository.insertTemplate({
      id: builtinId('web-server'),
      slug: 'web-server',
      source: 'builtin',
      now: at,
    });
    repository.insertVersion({
      templateId: builtinId('web-server'),
      version: older.version,
      manifest: JSON.stringify(older),
      compose: builtin().compose,
      status: 'published',
      createdAt: at,
      publishedAt: at,
    });
    seedBuiltins(deps, [builtin()]);
    expect(warnings).toEqual([]);
    seedBuiltins(deps, [builtin({ description: 'Changed without a version bump.' })]);
    expect(warnings).toHaveLength(1);
  });
});
