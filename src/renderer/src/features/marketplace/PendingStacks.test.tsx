import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { PendingStack } from '@shared/contract/template-model';
import { createAppStore, StoreContext } from '../../store';
import { fakeBridge } from '../../store/test-support';
import { PendingStacks } from './PendingStacks';

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
