import { templateManifestSchema, type ImportItem, type ImportReport, type Template, type ValidationReport } from '@shared/contract/template-model';
import type { ImportFolder } from '@shared/contract/import-files';
import type { TemplateImportFormat } from '@shared/contract/templates';
import { AppError } from '@shared/result';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { TemplateEngine } from './engine-port';
import type { TemplateCatalog } from './template-catalog';
import type { TemplateRepository } from './template-repository';

const firstError = (report: ValidationReport): string => {
  const first = report.errors[0];
  if (!first) return 'it has errors';
  return first.line === undefined
    ? `${first.path}: ${first.message}`
    : `line ${first.line}: ${first.message}`;
};

/**
 * Imports what the engine read from a file as new drafts, each under a free slug. The whole import
 * is one transaction: if storing any template fails unexpectedly, nothing of it is kept.
 */
export function importTemplates(
  deps: { engine: TemplateEngine; repository: TemplateRepository; catalog: TemplateCatalog },
  format: TemplateImportFormat,
  text: string,
  fileName?: string,
  folder?: ImportFolder,
): { report: ImportReport; createdIds: string[] } {
  const report = folder
    ? deps.engine.importFolder(folder, fileName)
    : deps.engine.importText(format, text, fileName);
  const items: ImportItem[] = [...report.items];
  const createdIds = deps.repository.transaction(() =>
    report.templates.flatMap(({ template, report: found }) => {
      const subject = template.manifest.name;
      if (found.errors.length > 0) {
        items.push({ action: 'refused', subject, reason: firstError(found) });
        return [];
      }
      try {
        const { id, slug } = deps.catalog.create(template, 'imported', 'rename');
        if (slug !== template.manifest.slug)
          items.push({
            action: 'changed',
            subject,
            reason: `the slug "${template.manifest.slug}" was taken, so it is saved as "${slug}"`,
          });
        return [id];
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
        items.push({ action: 'refused', subject, reason: error.message });
        return [];
      }
    }),
  );
  return { report: { ...report, items }, createdIds };
}

export const builtinId = (slug: string): string => `tmpl_${slug}`;

/**
 * Brings the built-ins in the database in step with the files shipped in resources/templates:
 * a new template or a new version is added as published; a version already stored is never
 * rewritten (deployments may use it); a built-in no longer shipped is unpublished, not deleted.
 */
export function seedBuiltins(deps: SeedDeps, templates: readonly Template[]): string[] {
  const at = deps.clock.now().toISOString();
  return deps.repository.transaction(() => {
    const seeded = templates.filter((template) => seedOne(deps, template, at));
    const unshipped = unpublishUnshipped(deps.repository, templates, at);
    return [...new Set([...seeded.map((t) => builtinId(t.manifest.slug)), ...unshipped])];
  });
}

interface SeedDeps {
  engine: TemplateEngine;
  repository: TemplateRepository;
  clock: Clock;
  logger: Logger;
}

/** Stores one shipped built-in; true when that changed the catalog. */
function seedOne(deps: SeedDeps, template: Template, at: string): boolean {
  const { repository, logger } = deps;
  const { manifest } = template;
  const report = deps.engine.validate(template);
  if (report.errors.length > 0) {
    logger.error('a built-in template is invalid and was skipped', {
      slug: manifest.slug,
      error: firstError(report),
    });
    return false;
  }
  const id = builtinId(manifest.slug);
  const existing = repository.get(id);
  if (existing && existing.source !== 'builtin') {
    logger.warn('a built-in template id is taken by another template; skipped', { id });
    return false;
  }
  if (!existing) {
    const slugTaken = repository.getBySlug(manifest.slug) !== undefined;
    repository.insertTemplate({
      id,
      slug: slugTaken ? `${manifest.slug}-builtin` : manifest.slug,
      source: 'builtin',
      now: at,
    });
  }
  if (!storeVersion(deps, id, template, at)) return false;
  repository.touch(id, at);
  return true;
}

/** The stored manifest read with today's schema (a key added since gets its default) equals the shipped one. */
function sameManifest(storedText: string, shippedText: string): boolean {
  if (storedText === shippedText) return true;
  const parsed = templateManifestSchema.safeParse(JSON.parse(storedText));
  return parsed.success && JSON.stringify(parsed.data) === shippedText;
}

/** Adds a shipped version, or publishes it again; a version already stored is never rewritten. */
function storeVersion(deps: SeedDeps, id: string, template: Template, at: string): boolean {
  const { repository } = deps;
  const { manifest, compose } = template;
  const stored = repository.versions(id).find((v) => v.version === manifest.version);
  const text = JSON.stringify(manifest);
  if (!stored) {
    repository.insertVersion({
      templateId: id,
      version: manifest.version,
      manifest: text,
      compose,
      status: 'published',
      createdAt: at,
      publishedAt: at,
    });
    return true;
  }
  if (!sameManifest(stored.manifest, text) || stored.compose !== compose) {
    deps.logger.warn(
      'a shipped built-in template changed without a new version; the stored version is kept',
      { slug: manifest.slug, version: manifest.version },
    );
  }
  if (stored.status === 'published') return false;
  repository.setStatus(id, manifest.version, 'published', at);
  return true;
}

/** Unpublishes every published version of a built-in no longer shipped; returns the templates it changed. */
function unpublishUnshipped(
  repository: TemplateRepository,
  templates: readonly Template[],
  at: string,
): string[] {
  const shipped = new Set(templates.map((t) => builtinId(t.manifest.slug)));
  const changed = new Set<string>();
  for (const template of repository.list()) {
    if (template.source !== 'builtin' || shipped.has(template.id)) continue;
    for (const version of repository.versions(template.id)) {
      if (version.status !== 'published') continue;
      repository.setStatus(template.id, version.version, 'unpublished', at);
      changed.add(template.id);
    }
  }
  return [...changed];
}
