import { randomBytes } from 'node:crypto';
import type { TemplateManifest, ValidationReport } from '@shared/contract/template-model';
import type {
  TemplateDetail,
  TemplateScope,
  TemplateSource,
  TemplateSummary,
  TemplateUsage,
} from '@shared/contract/templates';
import { AppError } from '@shared/result';
import type { Clock } from '../clock';
import type { TemplateEngine } from './engine-port';
import type { TemplateRepository, TemplateRow, VersionRow } from './template-repository';
import { newestFirst, parseStoredManifest, shownVersion, toSummary, toVersionInfo } from './template-views';
import { createVersionChecks, type TemplateInput } from './version-checks';

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

/** What the catalog's reads and writes share: the ports, the clock as text and the engine's checks. */
export type CatalogContext = TemplateCatalogDeps &
  ReturnType<typeof createVersionChecks> & { now: () => string };

const MAX_SLUG = 63;

export function createCatalogContext(deps: TemplateCatalogDeps): CatalogContext {
  return {
    ...deps,
    ...createVersionChecks(deps.engine),
    now: () => deps.clock.now().toISOString(),
  };
}

export function mustGet(context: CatalogContext, id: string): TemplateRow {
  const template = context.repository.get(id);
  if (!template) throw new AppError('not_found', `There is no template with id ${id}.`);
  return template;
}

export function mustChange(template: TemplateRow): void {
  if (template.source === 'builtin') {
    throw new AppError(
      'forbidden',
      `${template.slug} is a built-in template and cannot be changed. Duplicate it to make your own.`,
    );
  }
}

/** The template, refused when it does not exist or is a built-in. */
export function mustGetChangeable(context: CatalogContext, id: string): TemplateRow {
  const template = mustGet(context, id);
  mustChange(template);
  return template;
}

export function mustFindVersion(context: CatalogContext, template: TemplateRow, version: string): VersionRow {
  const row = context.repository.versions(template.id).find((v) => v.version === version);
  if (!row) throw new AppError('not_found', `Template ${template.slug} has no version ${version}.`);
  return row;
}

/** `base`, or `base-2`, `base-3`…: the first that `isTaken` does not claim. */
export function freeSlug(base: string, isTaken: (slug: string) => boolean): string {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : `-${n}`;
    const candidate = `${base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
}

export function uniqueSlug(context: CatalogContext, base: string): string {
  return freeSlug(base, (slug) => context.repository.getBySlug(slug) !== undefined);
}

export function stored(context: CatalogContext, template: TemplateRow, row: VersionRow): StoredVersion {
  return { template, row, manifest: parseStoredManifest(row), report: context.reportOf(row) };
}

export function summaryOf(
  context: CatalogContext,
  template: TemplateRow,
  scope: TemplateScope,
  versions: readonly VersionRow[],
): TemplateSummary | undefined {
  const row = shownVersion(versions, scope);
  if (!row) return undefined;
  const { manifest, report } = stored(context, template, row);
  return toSummary(template, row, manifest, report, versions);
}

export function detail(context: CatalogContext, id: string, version?: string): TemplateDetail {
  const template = mustGet(context, id);
  const versions = context.repository.versions(id);
  const row =
    version === undefined
      ? (shownVersion(versions, 'browse') ?? shownVersion(versions, 'mine'))
      : mustFindVersion(context, template, version);
  if (!row) throw new AppError('not_found', `Template ${template.slug} has no versions.`);
  const { manifest, report } = stored(context, template, row);
  return {
    summary: toSummary(template, row, manifest, report, versions),
    versions: newestFirst(versions).map(toVersionInfo),
    selected: { version: row.version, status: row.status, manifest, compose: row.compose, report },
    usedBy: context.deploymentsUsing(id),
    isReadOnly: template.source === 'builtin',
  };
}

export function insertNew(
  context: CatalogContext,
  input: TemplateInput,
  source: TemplateSource,
  slugs: 'refuse' | 'rename',
): { id: string; slug: string } {
  const { repository } = context;
  const { manifest } = context.checked(input);
  const taken = repository.getBySlug(manifest.slug);
  if (taken && slugs === 'refuse') {
    throw new AppError(
      'conflict',
      `The slug "${manifest.slug}" is already used by another template; choose another.`,
      { field: 'slug' },
    );
  }
  const slug = taken ? uniqueSlug(context, manifest.slug) : manifest.slug;
  const id = `tmpl_${randomBytes(6).toString('hex')}`;
  const at = context.now();
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
}
