import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { TemplateDetail, TemplateSummary } from '@shared/contract/templates';
import { createAppStore, StoreContext } from '../../store';
import { fakeBridge } from '../../store/test-support';
import { ImportedCategory, saveCategory } from './ImportedCategory';

const summary = {
  id: 't1',
  slug: 'wordpress-mysql',
  name: 'wordpress-mysql',
  category: 'web',
} as TemplateSummary;
const manifest = { name: 'wordpress-mysql', category: 'web', slug: 'wordpress-mysql' };
const detail = {
  summary,
  selected: { version: '1.0.0', manifest, compose: 'services: {}\n' },
} as unknown as TemplateDetail;

describe('ImportedCategory', () => {
  it('shows the guessed category, chosen among every category', () => {
    const { bridge } = fakeBridge({});
    const api = createApiClient(bridge);
    const html = renderToStaticMarkup(
      <StoreContext.Provider value={{ store: createAppStore(api), api }}>
        <ImportedCategory template={summary} />
      </StoreContext.Provider>,
    );
    expect(html).toContain('Category of wordpress-mysql');
    expect(html).toMatch(/<option value="web" selected="">Web Apps<\/option>/);
    expect(html.match(/<option /g)).toHaveLength(13);
  });

  it('saves the new category into the draft and leaves the rest as stored', async () => {
    const { bridge, calls } = fakeBridge({
      'templates:get': () => detail,
      'templates:update': () => detail,
    });
    const store = createAppStore(createApiClient(bridge));
    await saveCategory(store.getState(), 't1', 'database');
    expect(calls.at(-1)).toEqual({
      method: 'templates:update',
      input: { id: 't1', manifest: { ...manifest, category: 'database' }, compose: 'services: {}\n' },
    });
  });
});
