import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { ImportPreview, ImportPreviewTemplate } from '@shared/contract/template-import-review';
import { createAppStore, StoreContext } from '../../store';
import { fakeBridge } from '../../store/test-support';
import { ImportReview } from './ImportReview';

const template = (index: number, name: string, overrides: Partial<ImportPreviewTemplate> = {}) => ({
  index,
  name,
  slug: name.toLowerCase(),
  category: 'database',
  source: '',
  items: [{ action: 'changed' as const, subject: 'services.db.restart', reason: 'Set to unless-stopped.' }],
  variables: [{ name: 'DD_API_KEY', label: 'Datadog API key', isPassword: true }],
  findings: [],
  errors: [],
  isSavable: true,
  template: { manifest: {} as ImportPreviewTemplate['template']['manifest'], compose: '' },
  ...overrides,
});

function render(preview: ImportPreview, picked: number[]): string {
  const api = createApiClient(fakeBridge({}).bridge);
  return renderToStaticMarkup(
    <StoreContext.Provider value={{ store: createAppStore(api), api }}>
      <ImportReview preview={preview} picked={new Set(picked)} onPicked={() => undefined} />
    </StoreContext.Provider>,
  );
}

describe('ImportReview', () => {
  it('shows each template with its badges, the values to fill and what blocks saving', () => {
    const html = render(
      {
        format: 'portainer',
        pending: [],
        templates: [
          template(0, 'Postgres'),
          template(1, 'Legacy', {
            isSavable: false,
            errors: [
              {
                code: 'compose:unsupported',
                message: 'extends is not supported.',
                file: 'compose',
                path: 'services.a',
              },
            ],
          }),
        ],
        items: [
          {
            action: 'refused',
            subject: 'templates[2] (IIS)',
            reason: 'Windows containers are not supported.',
          },
        ],
        errors: [],
      },
      [0],
    );
    expect(html).toContain('1 can be saved, 1 needs fixing, 1 refused');
    expect(html).toContain('1 of 2 picked');
    expect(html).toMatch(/<input type="checkbox" aria-label="Save Postgres" checked=""/);
    expect(html).toMatch(/<input type="checkbox" disabled="" aria-label="Save Legacy"/);
    expect(html).toContain('Datadog API key');
    expect(html).toContain('Passwords are kept in the keychain.');
    expect(html).toContain('extends is not supported.');
    expect(html).toContain('Fix Legacy in the editor');
    expect(html).toContain('1 entry of the file did not become a template');
    expect(html).not.toContain('Which templates to show');
  });
});

describe('ImportReview: long lists and empty files', () => {
  it('offers a filter for a long list and an empty state for a file with no templates', () => {
    const many = Array.from({ length: 8 }, (_, i) => template(i, `App ${i}`));
    expect(
      render({ format: 'portainer', templates: many, items: [], errors: [], pending: [] }, []),
    ).toContain('Which templates to show');
    const empty = render(
      {
        format: 'portainer',
        pending: [],
        templates: [],
        items: [],
        errors: [
          {
            code: 'import:not-portainer',
            message: 'This is not a Portainer templates file.',
            file: 'import',
            path: '',
          },
        ],
      },
      [],
    );
    expect(empty).toContain('Nothing in this file can become a template');
    expect(empty).toContain('This is not a Portainer templates file.');
  });
});
