import { describe, expect, it } from 'vitest';
import { previewImport } from './import-review';
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

describe('Portainer stacks whose files are fetched or picked during the review', () => {
  const build = useTempCatalogs();

  it('reviews the list again with the stack file, then saves the picked templates with it', () => {
    const { catalog, repository, engine } = build();
    const deps = { engine, repository, catalog };
    const first = previewImport(deps, { format: 'portainer', text: list });
    expect(first.templates.map((t) => t.name)).toEqual(['Nginx']);
    expect(first.pending.map((p) => p.url)).toEqual([
      stackUrl,
      'https://raw.githubusercontent.com/o/r/HEAD/other.yml',
    ]);

    const source = {
      format: 'portainer' as const,
      text: list,
      remoteFiles: [{ url: stackUrl, text: stack }],
    };
    const second = previewImport(deps, source);
    expect(second.templates.map((t) => t.name)).toEqual(['Nginx', 'Whoami']);
    expect(second.pending.map((p) => p.url)).toEqual([
      'https://raw.githubusercontent.com/o/r/HEAD/other.yml',
    ]);
    expect(repository.list()).toEqual([]);

    const saved = importTemplates(deps, source, [1]);
    expect(saved.createdIds.map((id) => catalog.get(id).summary.name)).toEqual(['Whoami']);
    expect(repository.list().map((t) => t.slug)).toEqual(['whoami']);
  });
});
