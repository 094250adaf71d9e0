import { describe, expect, it } from 'vitest';
import { importTemplates } from './template-intake';
import { useTempCatalogs } from './test-fixtures';

const stackUrl = 'https://raw.githubusercontent.com/o/r/HEAD/stack.yml';
const list = JSON.stringify({
  version: '2',
  templates: [
    { type: 1, title: 'Nginx', image: 'nginx:1.27-alpine', ports: ['80/tcp'] },
    { type: 3, title: 'Whoami', repository: { url: 'https://github.com/o/r', stackfile: 'stack.yml' } },
    { type: 2, title: 'Other', repository: { url: 'https://github.com/o/r', stackfile: 'other.yml' } },
  ],
});
const stack = 'services:\n  whoami:\n    image: traefik/whoami:v1.10.3\n    ports: ["80"]\n';

describe('Portainer stacks completed after the first import', () => {
  const build = useTempCatalogs();

  it('stores the fetched stack in a second pass without importing the rest of the list again', () => {
    const { catalog, repository, engine } = build();
    const deps = { engine, repository, catalog };
    const first = importTemplates(deps, 'portainer', list);
    expect(first.createdIds.map((id) => catalog.get(id).summary.name)).toEqual(['Nginx']);
    expect(first.report.pending?.map((p) => p.url)).toEqual([
      stackUrl,
      'https://raw.githubusercontent.com/o/r/HEAD/other.yml',
    ]);

    const second = importTemplates(deps, 'portainer', list, undefined, {
      files: [{ url: stackUrl, text: stack }],
      isOnly: true,
    });
    expect(second.createdIds.map((id) => catalog.get(id).summary.name)).toEqual(['Whoami']);
    expect(second.report.pending).toBeUndefined();
    expect(repository.list().map((t) => t.slug).sort()).toEqual(['nginx', 'whoami']);
  });
});
