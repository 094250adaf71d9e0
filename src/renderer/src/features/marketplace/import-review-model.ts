import type { ImportPreview, ImportPreviewTemplate } from '@shared/contract/template-import-review';
import type { ImportItem } from '@shared/contract/template-model';

export type ReviewFilter = 'all' | 'savable' | 'needs-fixing' | 'findings';

export const reviewFilters: { value: ReviewFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'savable', label: 'Can be saved' },
  { value: 'needs-fixing', label: 'Need fixing' },
  { value: 'findings', label: 'Need a yes at deploy' },
];

/** Checked at first: every template that can be saved. */
export const savableIndexes = (preview: ImportPreview): number[] =>
  preview.templates.filter((t) => t.isSavable).map((t) => t.index);

export interface ReviewSummary {
  savable: number;
  needsFixing: number;
  /** Entries of the file that did not become a template (a swarm stack, a Windows container…). */
  refused: number;
}

export function summaryOf(preview: ImportPreview): ReviewSummary {
  const savable = preview.templates.filter((t) => t.isSavable).length;
  return {
    savable,
    needsFixing: preview.templates.length - savable,
    refused: preview.items.filter((item) => item.action === 'refused').length,
  };
}

/** "112 can be saved, 20 need fixing, 5 refused", leaving out what is zero. */
export function summaryLine(summary: ReviewSummary): string {
  const parts = [
    summary.savable > 0 ? `${summary.savable} can be saved` : '',
    summary.needsFixing > 0
      ? `${summary.needsFixing} ${summary.needsFixing === 1 ? 'needs' : 'need'} fixing`
      : '',
    summary.refused > 0 ? `${summary.refused} refused` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'Nothing to import' : parts.join(', ');
}

const matchesFilter = (template: ImportPreviewTemplate, filter: ReviewFilter): boolean => {
  if (filter === 'savable') return template.isSavable;
  if (filter === 'needs-fixing') return !template.isSavable;
  if (filter === 'findings') return template.findings.length > 0;
  return true;
};

/** The templates the filter and the search (name, slug or category) let through, in the file's order. */
export function visibleTemplates(
  preview: ImportPreview,
  filter: ReviewFilter,
  search: string,
): ImportPreviewTemplate[] {
  const words = search.trim().toLowerCase();
  return preview.templates.filter(
    (t) =>
      matchesFilter(t, filter) &&
      (words === '' || [t.name, t.slug, t.category].some((field) => field.toLowerCase().includes(words))),
  );
}

export type ItemCounts = Record<ImportItem['action'], number>;

export function countItems(items: readonly ImportItem[]): ItemCounts {
  const counts: ItemCounts = { taken: 0, changed: 0, refused: 0 };
  for (const item of items) counts[item.action] += 1;
  return counts;
}

/** The picks after ticking or unticking one template; one that cannot be saved is never picked. */
export function togglePick(
  picked: ReadonlySet<number>,
  template: ImportPreviewTemplate,
  isPicked: boolean,
): Set<number> {
  const next = new Set(picked);
  if (isPicked && template.isSavable) next.add(template.index);
  else next.delete(template.index);
  return next;
}

/** Picks, or unpicks, every savable template among `shown` (what the filter shows), keeping the rest. */
export function pickShown(
  picked: ReadonlySet<number>,
  shown: readonly ImportPreviewTemplate[],
  isPicked: boolean,
): Set<number> {
  return shown.reduce((next, template) => togglePick(next, template, isPicked), new Set(picked));
}

const actionOrder: ImportItem['action'][] = ['refused', 'changed', 'taken'];

/** Refused first, then changed, then taken: what most needs a look comes first; in the file's order within each. */
export const byAction = (items: readonly ImportItem[]): ImportItem[] =>
  actionOrder.flatMap((action) => items.filter((item) => item.action === action));
