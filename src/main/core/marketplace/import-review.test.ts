import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { previewImport } from './import-review';
import { importTemplates } from './template-intake';
import { composeOf, manifestOf, useTempCatalogs } from './test-fixtures';

const containers = JSON.stringify({
  version: '2',
  templates: [
    { type: 1, title: 'Nginx', image: 'nginx:1.27', ports: ['80/tcp'], categories: ['webserver'] },
    { type: 1, title: 'MySQL', image: 'mysql:8.4', ports: ['3306/tcp'], categories: ['database'] },
    { type: 1, title: 'IIS', platform: 'windows', image: 'mcr.microsoft.com/windows/servercore/iis' },
    { type: 1, title: 'Redis', image: 'redis:7.4', ports: ['6379/tcp'], categories: ['database'] },
  ],
});

const appCompose =
  'services:\n  app:\n    image: ghcr.io/example/app:2.1.0\n    ports: ["8080:3000"]\n    privileged: true\n    environment:\n      DD_API_KEY: changeme\n';

/** Two compose stacks in a Portainer list: the first savable, the second using `extends`, which blocks saving. */
const mixedList = JSON.stringify({
  version: '2',
  templates: [
    { type: 3, title: 'Good app', stackfile_content: appCompose },
    {
      type: 3,
      title: 'Needs work',
      stackfile_content: 'services:\n  a:\n    image: nginx:1.27\n    extends: {service: b}\n',
    },
    { type: 1, title: 'IIS', platform: 'windows', image: 'mcr.microsoft.com/windows/servercore/iis' },
  ],
});

describe('import review: preview', () => {
  const build = useTempCatalogs();

  it('converts a Portainer list, groups what was done per template and stores nothing', () => {
    const { catalog, repository, engine, snapshot } = build();
    catalog.create({ manifest: manifestOf(), compose: composeOf() });
    const before = snapshot();
    const preview = previewImport({ engine, repository }, { format: 'portainer', text: containers });
    expect(snapshot()).toEqual(before);
    expect(preview.templates.map((t) => t.name)).toEqual(['Nginx', 'MySQL', 'Redis']);
    const mysql = preview.templates[1]!;
    expect(mysql).toMatchObject({ index: 1, slug: 'mysql', category: 'database', isSavable: true });
    expect(mysql.source).toBe('templates[1] (MySQL)');
    expect(mysql.items.length).toBeGreaterThan(0);
    expect(mysql.items.every((item) => !item.subject.startsWith('templates[1] (MySQL): '))).toBe(true);
    expect(preview.items.map((item) => item.subject)).toEqual(['templates[2] (IIS)']);
  });

  it('lists the values to type at deploy, the policy findings and what blocks saving', () => {
    const { repository, engine, snapshot } = build();
    const before = snapshot();
    const preview = previewImport({ engine, repository }, { format: 'portainer', text: mixedList });
    const [good, blocked] = preview.templates;
    expect(good?.variables.map((v) => [v.name, v.isPassword])).toEqual([['DD_API_KEY', true]]);
    expect(good?.findings.map((f) => f.rule)).toEqual(['privileged']);
    expect(good?.isSavable).toBe(true);
    expect(blocked?.isSavable).toBe(false);
    expect(blocked?.errors[0]?.message).toContain('extends');
    expect(blocked?.template.compose).toContain('extends');
    expect(preview.items.map((item) => item.action)).toEqual(['refused']);
    expect(snapshot()).toEqual(before);
  });
});

describe('import review: slugs and single files', () => {
  const build = useTempCatalogs();

  it('shows the slug a template would be saved under when its own is taken, also within one file', () => {
    const { catalog, repository, engine } = build();
    catalog.create({ manifest: manifestOf({ slug: 'nginx', name: 'My nginx' }), compose: composeOf() });
    const twice = JSON.stringify({
      version: '2',
      templates: [
        { type: 1, title: 'Nginx', image: 'nginx:1.27', ports: ['80/tcp'] },
        { type: 1, title: 'Nginx', image: 'nginx:1.27', ports: ['80/tcp'] },
      ],
    });
    const preview = previewImport({ engine, repository }, { format: 'portainer', text: twice });
    expect(preview.templates.map((t) => t.slug)).toEqual(['nginx-2', 'nginx-3']);
    expect(preview.templates[0]?.items.at(-1)?.reason).toContain('saved as "nginx-2"');
    const saved = importTemplates({ engine, repository, catalog }, { format: 'portainer', text: twice });
    expect(saved.createdIds.map((id) => catalog.get(id).summary.slug)).toEqual(['nginx-2', 'nginx-3']);
  });

  it('gives the one template of a compose file everything the import did', () => {
    const { repository, engine } = build();
    const preview = previewImport(
      { engine, repository },
      { format: 'compose', text: appCompose, fileName: 'billing/compose.yaml' },
    );
    expect(preview.templates).toHaveLength(1);
    expect(preview.templates[0]).toMatchObject({ slug: 'billing', source: '' });
    expect(preview.templates[0]?.items.map((i) => i.subject)).toContain(
      'services.app.environment.DD_API_KEY',
    );
    expect(preview.items).toEqual([]);
  });

  it('answers a file in another format with the error and no templates', () => {
    const { repository, engine, snapshot } = build();
    const before = snapshot();
    const preview = previewImport(
      { engine, repository },
      { format: 'portainer', text: 'services:\n  a:\n    image: nginx\n' },
    );
    expect(preview.templates).toEqual([]);
    expect(preview.errors.length).toBe(1);
    expect(snapshot()).toEqual(before);
  });
});

describe('import review: saving the picked templates', () => {
  const build = useTempCatalogs();

  it('stores exactly the picked templates', () => {
    const { catalog, repository, engine } = build();
    const { createdIds } = importTemplates(
      { engine, repository, catalog },
      { format: 'portainer', text: containers },
      [2, 1, 2],
    );
    expect(createdIds.map((id) => catalog.get(id).summary.name)).toEqual(['MySQL', 'Redis']);
    expect(catalog.list({ scope: 'mine', search: '', sort: 'name' }).templates).toHaveLength(2);
  });

  it('without a pick stores every savable template and reports the one that needs fixing', () => {
    const { catalog, repository, engine } = build();
    const { createdIds, report } = importTemplates(
      { engine, repository, catalog },
      { format: 'portainer', text: mixedList },
    );
    expect(createdIds.map((id) => catalog.get(id).summary.name)).toEqual(['Good app']);
    expect(report.items.filter((i) => i.action === 'refused').map((i) => i.subject)).toContain('Needs work');
  });

  it('refuses a pick of a template with errors, or one the file does not have, and stores nothing', () => {
    const { catalog, repository, engine, snapshot } = build();
    const before = snapshot();
    const save = (pick: number[]) =>
      importTemplates({ engine, repository, catalog }, { format: 'portainer', text: mixedList }, pick);
    expect(() => save([0, 1])).toThrow(/Needs work cannot be saved: .*extends.*Fix it in the editor/);
    expect(() => save([0, 7])).toThrow(/no template number 8 \(it has 2\)/);
    try {
      save([1]);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
    }
    expect(snapshot()).toEqual(before);
  });
});
