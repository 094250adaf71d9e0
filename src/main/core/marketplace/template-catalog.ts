import { randomBytes } from 'node:crypto';
import type { Template, TemplateManifest, ValidationReport } from '@shared/contract/template-model';
import type {
  TemplateDetail,
  TemplateList,
  TemplateScope,
  TemplateSort,
  TemplateSource,
  TemplateSummary,
  TemplateUsage,
} from '@shared/contract/templates';
import { AppError } from '@shared/result';
import type { Clock } from '../clock';
import type { TemplateEngine } from './engine-port';
import { createVersionChecks, describeErrors, type TemplateInput } from './version-checks';
import { compareSemver } from './semver';
import type { TemplateRepository, TemplateRow, VersionRow } from './template-repository';
import {
  filterAndSort,
  newestFirst,
  parseStoredManifest,
  shownVersion,
  toSummary,
  toVersionInfo,
} from './template-views';

export interface TemplateCatalogDeps {
  repository: TemplateRepository;
  engine: TemplateEngine;
  clock: Clock;
  /** Which deployments run some version of a template; the deployments feature answers it. */
  deploymentsUsing: (templateId: string) => TemplateUsage[];
}

export interface StoredVersion {
  template: TemplateRow;
  row: VersionRow;
  manifest: TemplateManifest;
  report: ValidationReport;
}

const MAX_SLUG = 63;

export function createTemplateCatalog(deps: TemplateCatalogDeps) {
  const { repository, engine } = deps;
  const now = () => deps.clock.now().toISOString();
  const { reportOf, checked } = createVersionChecks(engine);

  const mustGet = (id: string): TemplateRow => {
    const template = repository.get(id);
    if (!template) throw new AppError('not_found', `There is no template with id ${id}.`);
    return template;
  };

  const mustChange = (template: TemplateRow): void => {
    if (template.source === 'builtin') {
      throw new AppError(
        'forbidden',
        `${template.slug} is a built-in template and cannot be changed. Duplicate it to make your own.`,
      );
    }
  };

  const mustFindVersion = (template: TemplateRow, version: string): VersionRow => {
    const row = repository.versions(template.id).find((v) => v.version === version);
    if (!row) throw new AppError('not_found', `Template ${template.slug} has no version ${version}.`);
    return row;
  };

  const uniqueSlug = (base: string): string => {
    for (let n = 1; ; n += 1) {
      const suffix = n === 1 ? '' : `-${n}`;
      const candidate = `${base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, '')}${suffix}`;
      if (!repository.getBySlug(candidate)) return candidate;
    }
  };

  const stored = (template: TemplateRow, row: VersionRow): StoredVersion => ({
    template,
    row,
    manifest: parseStoredManifest(row),
    report: reportOf(row),
  });

  const summaryOf = (
    template: TemplateRow,
    scope: TemplateScope,
    versions: readonly VersionRow[],
  ): TemplateSummary | undefined => {
    const row = shownVersion(versions, scope);
    if (!row) return undefined;
    const { manifest, report } = stored(template, row);
    return toSummary(template, row, manifest, report, versions);
  };

  const detail = (id: string, version?: string): TemplateDetail => {
    const template = mustGet(id);
    const versions = repository.versions(id);
    const row =
      version === undefined
        ? (shownVersion(versions, 'browse') ?? shownVersion(versions, 'mine'))
        : mustFindVersion(template, version);
    if (!row) throw new AppError('not_found', `Template ${template.slug} has no versions.`);
    const { manifest, report } = stored(template, row);
    return {
      summary: toSummary(template, row, manifest, report, versions),
      versions: newestFirst(versions).map(toVersionInfo),
      selected: { version: row.version, status: row.status, manifest, compose: row.compose, report },
      usedBy: deps.deploymentsUsing(id),
      isReadOnly: template.source === 'builtin',
    };
  };

  const insertNew = (
    input: TemplateInput,
    source: TemplateSource,
    slugs: 'refuse' | 'rename',
  ): { id: string; slug: string } => {
    const { manifest } = checked(input);
    const taken = repository.getBySlug(manifest.slug);
    if (taken && slugs === 'refuse') {
      throw new AppError(
        'conflict',
        `The slug "${manifest.slug}" is already used by another template; choose another.`,
        { field: 'slug' },
      );
    }
    const slug = taken ? uniqueSlug(manifest.slug) : manifest.slug;
    const id = `tmpl_${randomBytes(6).toString('hex')}`;
    const at = now();
    repository.insertTemplate({ id, slug, source, now: at });
    repository.insertVersion({
      templateId: id,
      version: manifest.version,
      manifest: JSON.stringify({ ...manifest, slug }),
      compose: input.compose,
      status: 'draft',
      createdAt: at,
      publishedAt: null,
    });
    return { id, slug };
  };

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
        .flatMap((t) => summaryOf(t, query.scope, grouped.get(t.id) ?? []) ?? []);
      const categories = [...new Set(summaries.map((s) => s.category))].sort();
      return { templates: filterAndSort(summaries, query), categories };
    },

    get: detail,

    /** For the deployments feature: one exact version, with its content and report. */
    findVersion(id: string, version: string): StoredVersion | undefined {
      const template = repository.get(id);
      const row = template && repository.versions(id).find((v) => v.version === version);
      return template && row ? stored(template, row) : undefined;
    },

    validate: (input: TemplateInput): ValidationReport => engine.validate(input),

    /** Creates a template with one draft version; `rename` gives an imported one a free slug instead of refusing. */
    create(
      input: TemplateInput,
      source: TemplateSource = 'user',
      slugs: 'refuse' | 'rename' = 'refuse',
    ): { id: string; slug: string } {
      return repository.transaction(() => insertNew(input, source, slugs));
    },

    update(id: string, input: TemplateInput): void {
      const template = mustGet(id);
      mustChange(template);
      const { manifest } = checked(input);
      if (manifest.slug !== template.slug) {
        throw new AppError(
          'invalid_input',
          `A template's slug cannot change; this one is "${template.slug}".`,
          { field: 'slug' },
        );
      }
      repository.transaction(() => {
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
        const draft = {
          version: manifest.version,
          manifest: JSON.stringify(manifest),
          compose: input.compose,
        };
        if (versions.some((v) => v.status === 'draft')) repository.updateDraft(id, draft);
        else
          repository.insertVersion({
            templateId: id,
            ...draft,
            status: 'draft',
            createdAt: now(),
            publishedAt: null,
          });
        repository.touch(id, now());
      });
    },

    publish(id: string, version: string): void {
      const template = mustGet(id);
      mustChange(template);
      const row = mustFindVersion(template, version);
      if (row.status === 'published') return;
      const report = reportOf(row);
      if (report.errors.length > 0)
        throw new AppError('invalid_input', describeErrors(report), { details: { report } });
      repository.transaction(() => {
        repository.setStatus(id, version, 'published', now());
        repository.touch(id, now());
      });
    },

    unpublish(id: string, version: string): void {
      const template = mustGet(id);
      mustChange(template);
      const row = mustFindVersion(template, version);
      if (row.status !== 'published')
        throw new AppError('conflict', `Version ${version} is not published (it is a ${row.status}).`);
      repository.transaction(() => {
        repository.setStatus(id, version, 'unpublished', now());
        repository.touch(id, now());
      });
    },

    duplicate(id: string, version?: string): { id: string; slug: string } {
      const source = detail(id, version);
      const manifest = source.selected.manifest;
      const copy = {
        ...manifest,
        name: `${manifest.name} (copy)`.slice(0, 80),
        slug: uniqueSlug(`${manifest.slug}-copy`),
        version: '1.0.0',
      };
      return repository.transaction(() =>
        insertNew({ manifest: copy, compose: source.selected.compose }, 'user', 'rename'),
      );
    },

    delete(id: string): void {
      const template = mustGet(id);
      mustChange(template);
      const users = deps.deploymentsUsing(id);
      if (users.length > 0) {
        const names = users.map((u) => `${u.name} (${u.version})`).join(', ');
        throw new AppError(
          'conflict',
          `Template ${template.slug} is still used by ${users.length === 1 ? 'deployment' : 'deployments'} ${names}. Delete ${users.length === 1 ? 'it' : 'them'} first.`,
          {
            details: { deployments: users },
          },
        );
      }
      repository.delete(id);
    },

    /** The template as a bundle file: one version's manifest and compose, readable by `import` with format `bundle`. */
    exportBundle(id: string, version?: string): { fileName: string; text: string } {
      const { selected, summary } = detail(id, version);
      const template: Template = { manifest: selected.manifest, compose: selected.compose };
      return {
        fileName: `${summary.slug}-${selected.version}.hoster-template.json`,
        text: engine.exportBundle(template),
      };
    },
  };
}

export type TemplateCatalog = ReturnType<typeof createTemplateCatalog>;
