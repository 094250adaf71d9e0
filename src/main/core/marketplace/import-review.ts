import type { ImportPreview, ImportPreviewTemplate } from '@shared/contract/template-import-review';
import type { ImportReport } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import { freeSlug } from './catalog-context';
import type { ImportSource, TemplateEngine } from './engine-port';
import type { TemplateRepository } from './template-repository';

type Entry = ImportReport['templates'][number];

/** `templates[3] (Nginx): services.web.ports` reads `services.web.ports` on Nginx's own card. */
const withoutSource = (subject: string, source: string): string =>
  source !== '' && subject.startsWith(`${source}: `) ? subject.slice(source.length + 2) : subject;

function toPreview(entry: Entry, index: number, slug: string): ImportPreviewTemplate {
  const { manifest } = entry.template;
  const items = entry.items.map((item) => ({ ...item, subject: withoutSource(item.subject, entry.source) }));
  if (slug !== manifest.slug)
    items.push({
      action: 'changed',
      subject: 'slug',
      reason: `The slug "${manifest.slug}" is taken, so it will be saved as "${slug}".`,
    });
  return {
    index,
    name: manifest.name,
    slug,
    category: manifest.category,
    source: entry.source,
    items,
    variables: manifest.variables
      .filter((v) => v.required && (v.default ?? '') === '')
      .map((v) => ({ name: v.name, label: v.label, isPassword: v.type === 'password' })),
    findings: entry.report.findings,
    errors: entry.report.errors,
    isSavable: entry.report.errors.length === 0,
    template: entry.template,
  };
}

/**
 * Converts a file as `templates:import` would and stores nothing: each template with what was done
 * to it, the slug it would be saved under, what the user fills at deploy and what blocks saving.
 */
export function previewImport(
  deps: { engine: TemplateEngine; repository: TemplateRepository },
  source: ImportSource,
): ImportPreview {
  const report = deps.engine.importText(source);
  const planned = new Set<string>();
  const isTaken = (slug: string) => planned.has(slug) || deps.repository.getBySlug(slug) !== undefined;
  const templates = report.templates.map((entry, index) => {
    const slug = freeSlug(entry.template.manifest.slug, isTaken);
    if (entry.report.errors.length === 0) planned.add(slug);
    return toPreview(entry, index, slug);
  });
  const aboutATemplate = new Set(report.templates.flatMap((entry) => entry.items));
  return {
    format: report.format,
    templates,
    items: report.items.filter((item) => !aboutATemplate.has(item)),
    errors: report.errors,
    pending: report.pending ?? [],
  };
}

/** What to save: every template without `pick`; with it, exactly those, each one there and savable. */
export function pickedEntries(report: ImportReport, pick: readonly number[] | undefined): Entry[] {
  if (pick === undefined) return report.templates;
  return [...new Set(pick)]
    .sort((a, b) => a - b)
    .map((index) => {
      const entry = report.templates[index];
      if (!entry)
        throw new AppError(
          'invalid_input',
          `The file has no template number ${index + 1} (it has ${report.templates.length}); review the file again before saving.`,
          { field: 'pick' },
        );
      const [first] = entry.report.errors;
      if (first)
        throw new AppError(
          'invalid_input',
          `${entry.template.manifest.name} cannot be saved: ${first.message} Fix it in the editor, or leave it out.`,
          { field: 'pick' },
        );
      return entry;
    });
}
