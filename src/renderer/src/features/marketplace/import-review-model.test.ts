import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportPreviewTemplate } from '@shared/contract/template-import-review';
import {
  byAction,
  countItems,
  pickShown,
  savableIndexes,
  summaryLine,
  summaryOf,
  togglePick,
  visibleTemplates,
} from './import-review-model';

const entry = (
  index: number,
  name: string,
  overrides: Partial<ImportPreviewTemplate> = {},
): ImportPreviewTemplate => ({
  index,
  name,
  slug: name.toLowerCase(),
  category: 'web',
  source: `templates[${index}] (${name})`,
  items: [],
  variables: [],
  findings: [],
  errors: [],
  isSavable: true,
  template: { manifest: {} as ImportPreviewTemplate['template']['manifest'], compose: '' },
  ...overrides,
});

const broken = {
  isSavable: false,
  errors: [{ code: 'compose:unsupported', message: 'x', file: 'compose' as const, path: '' }],
};
const finding = {
  key: 'db:privileged',
  rule: 'privileged',
  service: 'db',
  field: 'privileged',
  message: 'Runs privileged.',
};

const preview: ImportPreview = {
  format: 'portainer',
  templates: [
    entry(0, 'Nginx'),
    entry(1, 'Postgres', { category: 'database', findings: [finding] }),
    entry(2, 'Legacy', broken),
    entry(3, 'Redis', { category: 'database' }),
  ],
  items: [
    { action: 'refused', subject: 'templates[4] (IIS)', reason: 'Windows containers are not supported.' },
    { action: 'refused', subject: 'templates[5] (Swarm)', reason: 'Swarm only.' },
  ],
  errors: [],
  pending: [],
};

describe('import review model', () => {
  it('counts what can be saved, what needs fixing and what was refused', () => {
    expect(summaryOf(preview)).toEqual({ savable: 3, needsFixing: 1, refused: 2 });
    expect(summaryLine(summaryOf(preview))).toBe('3 can be saved, 1 needs fixing, 2 refused');
    expect(summaryLine({ savable: 112, needsFixing: 20, refused: 0 })).toBe(
      '112 can be saved, 20 need fixing',
    );
    expect(summaryLine({ savable: 0, needsFixing: 0, refused: 0 })).toBe('Nothing to import');
  });

  it('picks every savable template at first and never one that needs fixing', () => {
    expect(savableIndexes(preview)).toEqual([0, 1, 3]);
    const legacy = preview.templates[2]!;
    expect([...togglePick(new Set([0]), legacy, true)]).toEqual([0]);
    expect([...togglePick(new Set([0]), preview.templates[3]!, true)]).toEqual([0, 3]);
    expect([...togglePick(new Set([0, 3]), preview.templates[0]!, false)]).toEqual([3]);
  });

  it('filters by state and searches name, slug and category', () => {
    const names = (filter: Parameters<typeof visibleTemplates>[1], search = '') =>
      visibleTemplates(preview, filter, search).map((t) => t.name);
    expect(names('all')).toEqual(['Nginx', 'Postgres', 'Legacy', 'Redis']);
    expect(names('savable')).toEqual(['Nginx', 'Postgres', 'Redis']);
    expect(names('needs-fixing')).toEqual(['Legacy']);
    expect(names('findings')).toEqual(['Postgres']);
    expect(names('all', ' DATA')).toEqual(['Postgres', 'Redis']);
    expect(names('savable', 'ngi')).toEqual(['Nginx']);
  });

  it('picks or unpicks only the templates shown, leaving the others as they were', () => {
    const databases = visibleTemplates(preview, 'all', 'database');
    expect([...pickShown(new Set([0]), databases, false)]).toEqual([0]);
    expect([...pickShown(new Set([0, 1, 3]), databases, false)]).toEqual([0]);
    expect([...pickShown(new Set(), preview.templates, true)].sort()).toEqual([0, 1, 3]);
  });

  it('counts the items per action and lists the refused ones first', () => {
    expect(countItems(preview.items)).toEqual({ taken: 0, changed: 0, refused: 2 });
    const items = [
      { action: 'taken' as const, subject: 'a', reason: '' },
      { action: 'changed' as const, subject: 'b', reason: '' },
      { action: 'refused' as const, subject: 'c', reason: '' },
      { action: 'changed' as const, subject: 'd', reason: '' },
    ];
    expect(byAction(items).map((i) => i.subject)).toEqual(['c', 'b', 'd', 'a']);
  });
});
