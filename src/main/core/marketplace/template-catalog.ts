import type { Template, TemplateManifest, ValidationReport } from '@shared/contract/template-model';
import type { TemplateList, TemplateScope, TemplateSort, TemplateSource } from '@shared/contract/templates';
import { AppError } from '@shared/result';
import {
  createCatalogContext,
  detail,
  insertNew,
  mustFindVersion,
  mustGetChangeable,
  stored,
  summaryOf,
  uniqueSlug,
  type CatalogContext,
  type StoredVersion,
  type TemplateCatalogDeps,
} from './catalog-context';
import { compareSemver } from './semver';
import type { TemplateRow } from './template-repository';
import { filterAndSort, newestFirst, shownVersion } from './template-views';
import { describeErrors, type TemplateInput } from './version-checks';

export type { StoredVersion, TemplateCatalogDeps } from './catalog-context';

export function createTemplateCatalog(deps: TemplateCatalogDeps) {
  const context = createCatalogContext(deps);
  return {
    ...createCatalogReads(context),
    ...createCatalogWrites(context),
    ...createCatalogPublishing(context),
  };
}

export type TemplateCatalog = ReturnType<typeof createTemplateCatalog>;

function createCatalogReads(context: CatalogContext) {
  const { repository, engine } = context;
  return {
    list(query: {
      scope: TemplateScope;
      search: string;
      category?: string | undefined;
      sort: TemplateSort;
    }): TemplateList {
      const grouped = repository.versionsByTemplate();
      const summaries = repository
        .list()
        .filter((t) => (query.scope === 'mine' ? t.source !== 'builtin' : true))
        .flatMap((t) => summaryOf(context, t, query.scope, grouped.get(t.id) ?? []) ?? []);
      const categories = [...new Set(summaries.map((s) => s.category))].sort();
      return { templates: filterAndSort(summaries, query), categories };
    },

    get: (id: string, version?: string) => detail(context, id, version),

    /** For the deployments feature: one exact version, with its content and report. */
    findVersion(id: string, version: string): StoredVersion | undefined {
      const template = repository.get(id);
      const row = template && repository.versions(id).find((v) => v.version === version);
      return template && row ? stored(context, template, row) : undefined;
    },

    /** For the deployments feature: the newest published version when it is newer than `version`. */
    newerPublished(id: string, version: string): string | null {
      const newest = shownVersion(repository.versions(id), 'browse')?.version;
      return newest !== undefined && compareSemver(newest, version) > 0 ? newest : null;
    },

    validate: (input: TemplateInput): ValidationReport => engine.validate(input),

    /** The template as a bundle file: one version's manifest and compose, readable by `import` with format `bundle`. */
    exportBundle(id: string, version?: string): { fileName: string; text: string } {
      const { selected, summary } = detail(context, id, version);
      const template: Template = { manifest: selected.manifest, compose: selected.compose };
      return {
        fileName: `${summary.slug}-${selected.version}.hoster-template.json`,
        text: engine.exportBundle(template),
      };
    },
  };
}

function createCatalogWrites(context: CatalogContext) {
  const { repository } = context;
  return {
    /** Creates a template with one draft version; `rename` gives an imported one a free slug instead of refusing. */
    create(
      input: TemplateInput,
      source: TemplateSource = 'user',
      slugs: 'refuse' | 'rename' = 'refuse',
    ): { id: string; slug: string } {
      return repository.transaction(() => insertNew(context, input, source, slugs));
    },

    update(id: string, input: TemplateInput): void {
      const template = mustGetChangeable(context, id);
      const { manifest } = context.checked(input);
      if (manifest.slug !== template.slug) {
        throw new AppError(
          'invalid_input',
          `A template's slug cannot change; this one is "${template.slug}".`,
          { field: 'slug' },
        );
      }
      repository.transaction(() => saveDraft(context, id, manifest, input.compose));
    },

    duplicate(id: string, version?: string): { id: string; slug: string } {
      const source = detail(context, id, version);
      const manifest = source.selected.manifest;
      const copy = {
        ...manifest,
        name: `${manifest.name} (copy)`.slice(0, 80),
        slug: uniqueSlug(context, `${manifest.slug}-copy`),
        version: '1.0.0',
      };
      return repository.transaction(() =>
        insertNew(context, { manifest: copy, compose: source.selected.compose }, 'user', 'rename'),
      );
    },

    delete(id: string): void {
      const template = mustGetChangeable(context, id);
      refuseWhileUsed(context, template);
      repository.delete(id);
    },
  };
}

function createCatalogPublishing(context: CatalogContext) {
  const { repository } = context;
  const setStatus = (id: string, version: string, status: 'published' | 'unpublished') =>
    repository.transaction(() => {
      repository.setStatus(id, version, status, context.now());
      repository.touch(id, context.now());
    });

  return {
    publish(id: string, version: string): void {
      const row = mustFindVersion(context, mustGetChangeable(context, id), version);
      if (row.status === 'published') return;
      const report = context.reportOf(row);
      if (report.errors.length > 0)
        throw new AppError('invalid_input', describeErrors(report), { details: { report } });
      setStatus(id, version, 'published');
    },

    unpublish(id: string, version: string): void {
      const row = mustFindVersion(context, mustGetChangeable(context, id), version);
      if (row.status !== 'published')
        throw new AppError('conflict', `Version ${version} is not published (it is a ${row.status}).`);
      setStatus(id, version, 'unpublished');
    },
  };
}

/** Makes or updates the one draft, whose version must be higher than every fixed one. */
function saveDraft(context: CatalogContext, id: string, manifest: TemplateManifest, compose: string): void {
  const { repository } = context;
  const versions = repository.versions(id);
  const fixed = versions.filter((v) => v.status !== 'draft');
  const highest = newestFirst(fixed)[0];
  if (highest && compareSemver(manifest.version, highest.version) <= 0) {
    throw new AppError(
      'conflict',
      `Version ${highest.version} is already ${highest.status}; a new version must be higher than it.`,
      { field: 'version' },
    );
  }
  const draft = { version: manifest.version, manifest: JSON.stringify(manifest), compose };
  if (versions.some((v) => v.status === 'draft')) repository.updateDraft(id, draft);
  else
    repository.insertVersion({
      templateId: id,
      ...draft,
      status: 'draft',
      createdAt: context.now(),
      publishedAt: null,
    });
  repository.touch(id, context.now());
}

function refuseWhileUsed(context: CatalogContext, template: TemplateRow): void {
  const users = context.deploymentsUsing(template.id);
  if (users.length === 0) return;
  const names = users.map((u) => `${u.name} (${u.version})`).join(', ');
  throw new AppError(
    'conflict',
    `Template ${template.slug} is still used by ${users.length === 1 ? 'deployment' : 'deployments'} ${names}. Delete ${users.length === 1 ? 'it' : 'them'} first.`,
    {
      details: { deployments: users },
    },
  );
}
