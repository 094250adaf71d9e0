import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const report = importCompose(fixture('compose-wordpress.yml'), { fileName: 'docker-compose.yml' });
const imported = report.templates[0];

describe('importCompose', () => {
  it('turns a shared compose file into a valid template', () => {
    expect(report.errors).toEqual([]);
    expect(report.templates).toHaveLength(1);
    expect(imported?.report.errors).toEqual([]);
    expect(imported?.template.manifest).toMatchObject({
      name: 'my-blog',
      slug: 'my-blog',
      version: '1.0.0',
      primary: { service: 'wordpress', port: 80 },
    });
  });

  it('replaces written-in passwords with generated secrets, one per distinct value', () => {
    const manifest = imported?.template.manifest;
    expect(manifest?.secrets.map((s) => s.name)).toEqual([
      'MYSQL_ROOT_PASSWORD',
      'MYSQL_PASSWORD',
      'AUTH_KEY',
    ]);
    const env = imported?.report.compose?.services.find((s) => s.name === 'wordpress')?.environment;
    expect(env).toMatchObject({
      WORDPRESS_DB_PASSWORD: '${MYSQL_PASSWORD}',
      WORDPRESS_AUTH_KEY: '${AUTH_KEY}',
      WORDPRESS_TABLE_PREFIX: '${TABLE_PREFIX:-wp_}',
    });
    expect(imported?.template.compose).not.toContain('rootpassword');
    expect(imported?.template.compose).not.toContain('put your unique phrase here');
  });

  it('infers text variables with their defaults', () => {
    expect(imported?.template.manifest.variables).toEqual([
      { name: 'TABLE_PREFIX', label: 'Table prefix', type: 'text', default: 'wp_', required: false },
      { name: 'WORDPRESS_CONFIG_EXTRA', label: 'Wordpress config extra', type: 'text', required: true },
      expect.objectContaining({ name: 'FILE_WORDPRESS_UPLOADS_INI', type: 'multiline', required: true }),
    ]);
  });
});

describe('importCompose: what it reports and fixes', () => {
  it('reports every item taken, changed or refused, with a reason', () => {
    const byAction = (action: string) =>
      report.items.filter((i) => i.action === action).map((i) => i.subject);
    expect(byAction('refused')).toEqual(['services.wordpress.env_file']);
    expect(byAction('changed')).toEqual(
      expect.arrayContaining([
        'version',
        'name',
        'services.db.container_name',
        'services.wordpress.build',
        'services.wordpress.links',
        'services.wordpress.volumes[0]',
        'services.wordpress.restart',
        'services.wordpress.ports[0]',
        'services.db.environment.MYSQL_ROOT_PASSWORD',
      ]),
    );
    expect(report.items.every((i) => i.reason.length > 10)).toBe(true);
  });

  it('turns a relative folder bind into a named volume, a file bind into a config file the user fills, and fixes variable ports', () => {
    const web = imported?.report.compose?.services.find((s) => s.name === 'wordpress');
    expect(web?.mounts.map((m) => (m.type === 'volume' ? m.source : m.type))).toEqual(['wp_content']);
    expect(imported?.template.manifest.config_files).toEqual([
      {
        service: 'wordpress',
        path: '/usr/local/etc/php/conf.d/uploads.ini',
        content: '${FILE_WORDPRESS_UPLOADS_INI}',
        mode: '0644',
      },
    ]);
    expect(web?.ports).toEqual([{ target: 80, published: 8080, protocol: 'tcp', hostIp: null }]);
    expect(imported?.report.warnings.map((w) => w.code)).toEqual(['compose:port-fixed']);
  });
});

describe('importCompose: what it leaves, refuses and names', () => {
  it('keeps what it cannot fix for validation to name', () => {
    const result = importCompose(
      'services:\n  app:\n    build: .\n    extends: { service: base }\n',
    );
    expect(result.items.filter((i) => i.action === 'refused').map((i) => i.subject)).toEqual([
      'services.app.build',
    ]);
    expect(result.templates[0]?.report.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'compose:no-image services.app.image',
      'compose:unsupported services.app.build',
      'compose:unsupported services.app.extends',
    ]);
  });

  it('refuses what is not a compose file, without throwing', () => {
    expect(importCompose('just: text').errors.map((e) => e.code)).toEqual(['import:not-compose']);
    expect(importCompose('a: [').errors.map((e) => e.code)).toEqual(['yaml:syntax']);
    expect(importCompose('').errors.map((e) => e.code)).toEqual(['yaml:empty']);
  });

  it('names the template after the file when the compose file has no name', () => {
    const result = importCompose('services:\n  web:\n    image: nginx:1.27.3-alpine\n    ports: ["80"]\n', {
      fileName: '/home/me/projects/static-site.yaml',
    });
    expect(result.templates[0]?.template.manifest).toMatchObject({
      name: 'static-site',
      slug: 'static-site',
      icon: '🌐',
      category: 'web',
    });
  });
});
