import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { ImportReport, PendingStack } from '@shared/contract/template-model';
import type { TemplateSummary } from '@shared/contract/templates';
import { createAppStore, StoreContext } from '../../store';
import { fakeBridge } from '../../store/test-support';
import { PendingStacks } from './PendingStacks';
import { mergeImportResults } from './use-pending-stacks';

const stack = (name: string, canFetch: boolean): PendingStack => ({
  subject: `templates[0] (${name})`,
  url: canFetch
    ? `https://raw.githubusercontent.com/o/r/HEAD/${name}.yml`
    : `https://git.example.com/o/r#${name}.yml`,
  repository: canFetch ? 'https://github.com/o/r' : 'https://git.example.com/o/r',
  stackfile: `${name}.yml`,
  canFetch,
});

const render = (pending: PendingStack[]) => {
  const { bridge } = fakeBridge({});
  const api = createApiClient(bridge);
  return renderToStaticMarkup(
    <StoreContext.Provider value={{ store: createAppStore(api), api }}>
      <PendingStacks pending={pending} importFiles={() => Promise.resolve()} />
    </StoreContext.Provider>,
  );
};

describe('PendingStacks', () => {
  it('offers to fetch the files of known hosts and to choose each file', () => {
    const html = render([stack('wordpress', true), stack('agent', true), stack('private', false)]);
    expect(html).toContain('3 stacks still need their compose file');
    expect(html).toContain('Fetch 2 files from their repositories');
    expect(html.match(/Choose file…/g)).toHaveLength(3);
    expect(html).toContain('Unknown host: download it and choose it as a file');
  });

  it('shows nothing when no stack is pending, and no fetch button when no host is known', () => {
    expect(render([])).toBe('');
    expect(render([stack('private', false)])).not.toContain('from their repositories');
  });
});

describe('mergeImportResults', () => {
  const report = (names: string[], pending: PendingStack[]): ImportReport => ({
    format: 'portainer',
    templates: [],
    items: names.map((name) => ({ action: 'taken', subject: name, reason: 'ok' })),
    errors: [],
    pending,
  });
  const created = (name: string) => ({ id: name, name }) as TemplateSummary;

  it('keeps what the first pass imported and takes what is still pending from the second', () => {
    const first = {
      report: report(['Nginx'], [stack('a', true), stack('b', true)]),
      created: [created('Nginx')],
    };
    const second = { report: report(['A'], []), created: [created('A')] };
    const merged = mergeImportResults(first, second, [{ url: stack('a', true).url, text: 'services: {}' }]);
    expect(merged.created.map((c) => c.name)).toEqual(['Nginx', 'A']);
    expect(merged.report.items.map((i) => i.subject)).toEqual(['Nginx', 'A']);
    expect(merged.report.pending?.map((p) => p.stackfile)).toEqual(['b.yml']);
    expect(mergeImportResults(null, second, [])).toBe(second);
  });
});
