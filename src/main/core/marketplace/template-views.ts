import {
  templateManifestSchema,
  type TemplateManifest,
  type ValidationReport,
} from '@shared/contract/template-model';
import type { TemplateSort, TemplateSummary, TemplateVersionInfo } from '@shared/contract/templates';
import { checkPattern } from '@shared/template-pattern';
import type { TemplateRow, VersionRow } from './template-repository';
import { compareSemver } from './semver';

export const newestFirst = (versions: readonly VersionRow[]): VersionRow[] =>
  [...versions].sort((a, b) => compareSemver(b.version, a.version));

/** Browse shows the newest published version; the creator's view shows the newest of any status. */
export function shownVersion(
  versions: readonly VersionRow[],
  scope: 'browse' | 'mine',
): VersionRow | undefined {
  const ordered = newestFirst(versions);
  return scope === 'browse' ? ordered.find((v) => v.status === 'published') : ordered[0];
}

/** A stored manifest with every variable pattern RE2 refuses left out (all of them, with `all`). */
function withoutRefusedPatterns(raw: unknown, all: boolean): unknown {
  if (typeof raw !== 'object' || raw === null || !('variables' in raw) || !Array.isArray(raw.variables))
    return raw;
  const variables: unknown[] = raw.variables.map((variable: unknown) => {
    if (typeof variable !== 'object' || variable === null || !('pattern' in variable)) return variable;
    const { pattern, ...rest } = variable;
    return !all && typeof pattern === 'string' && checkPattern(pattern).ok ? variable : rest;
  });
  return { ...raw, variables };
}

/**
 * Stored manifests were validated when written. One written before patterns ran on RE2 may hold a
 * pattern RE2 refuses (lookaround, `\u00e9`): it is read without it, so the catalogue still lists the
 * template, and its validation report (run on the stored text) names the pattern for its author to
 * fix; it cannot be deployed until then. Any other parse failure means a damaged row.
 */
export function parseStoredManifest(row: VersionRow): TemplateManifest {
  const raw: unknown = JSON.parse(row.manifest);
  const strict = templateManifestSchema.safeParse(raw);
  if (strict.success) return strict.data;
  const lenient = templateManifestSchema.safeParse(withoutRefusedPatterns(raw, false));
  return lenient.success ? lenient.data : templateManifestSchema.parse(withoutRefusedPatterns(raw, true));
}

export function toSummary(
  template: TemplateRow,
  version: VersionRow,
  manifest: TemplateManifest,
  report: ValidationReport,
  versions: readonly VersionRow[],
): TemplateSummary {
  return {
    id: template.id,
    slug: template.slug,
    source: template.source,
    name: manifest.name,
    version: version.version,
    status: version.status,
    description: manifest.description,
    category: manifest.category,
    tags: manifest.tags,
    icon: manifest.icon,
    priceMonthlyCents: manifest.price_monthly_cents,
    hasDraft: versions.some((v) => v.status === 'draft'),
    isFlagged: report.findings.length > 0,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
    publishedAt: version.publishedAt,
  };
}

export const toVersionInfo = (row: VersionRow): TemplateVersionInfo => ({
  version: row.version,
  status: row.status,
  createdAt: row.createdAt,
  publishedAt: row.publishedAt,
});

const matches = (summary: TemplateSummary, words: readonly string[]): boolean => {
  const haystack = [summary.name, summary.description, ...summary.tags].join('\n').toLowerCase();
  return words.every((word) => haystack.includes(word));
};

const comparators: Record<TemplateSort, (a: TemplateSummary, b: TemplateSummary) => number> = {
  name: (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }),
  newest: (a, b) =>
    (b.publishedAt ?? b.updatedAt).localeCompare(a.publishedAt ?? a.updatedAt) ||
    a.name.localeCompare(b.name),
  price: (a, b) => a.priceMonthlyCents - b.priceMonthlyCents || a.name.localeCompare(b.name),
};

/** Every word of the search must appear in the name, description or tags. */
export function filterAndSort(
  summaries: readonly TemplateSummary[],
  query: { search: string; category?: string | undefined; sort: TemplateSort },
): TemplateSummary[] {
  const words = query.search.toLowerCase().split(/\s+/).filter(Boolean);
  return summaries
    .filter((s) => (query.category ? s.category === query.category : true) && matches(s, words))
    .sort(comparators[query.sort]);
}
