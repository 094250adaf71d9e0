import { describe, expect, it } from 'vitest';
import type { ImportFile } from '@shared/contract/import-files';
import { importCompose } from './import-compose';
import { importComposeFolder } from './import-folder';
import { renderCompose } from './render-compose';

const NGINX_CONF = 'events {}\nhttp { server { listen 80; return 200 "$host ${NOT_A_VARIABLE} $$"; } }\n';

const compose = (volumes: string[], service = 'web', image = 'nginx:1.27.3-alpine') =>
  `services:\n  ${service}:\n    image: ${image}\n    volumes:\n${volumes.map((v) => `      - ${v}\n`).join('')}`;

const folder = (composeText: string, files: Record<string, string | null>): ImportFile[] => [
  { path: 'site/compose.yaml', content: composeText },
  ...Object.entries(files).map(([path, content]) => ({ path: `site/${path}`, content })),
];

const only = (report: ReturnType<typeof importCompose>) => {
  const imported = report.templates[0];
  if (!imported) throw new Error(`nothing imported: ${JSON.stringify(report.errors)}`);
  return imported;
};

describe('a folder import: bound files become config files with their content', () => {
  it('writes a bound file where it was mounted, and its $ signs survive the deploy-time substitution', () => {
    const imported = only(
      importComposeFolder(
        folder(compose(['./nginx.conf:/etc/nginx/nginx.conf:ro']), { 'nginx.conf': NGINX_CONF }),
      ),
    );
    expect(imported.report.errors).toEqual([]);
    expect(imported.report.compose?.services[0]?.mounts).toEqual([]);
    expect(imported.template.manifest.config_files).toHaveLength(1);
    expect(imported.template.manifest.config_files[0]).toMatchObject({
      service: 'web',
      path: '/etc/nginx/nginx.conf',
      mode: '0644',
    });
    const rendered = renderCompose(imported.template, {});
    expect(rendered.ok && rendered.configFiles.map((f) => [f.path, f.content])).toEqual([
      ['/etc/nginx/nginx.conf', NGINX_CONF],
    ]);
    expect(imported.template.manifest.variables).toEqual([]);
  });
});

describe('a folder import: bound folders', () => {
  it('turns a bound folder of text files into one config file per file, scripts executable', () => {
    const files = {
      'prometheus/prometheus.yml': 'scrape_configs: []\n',
      'prometheus/rules/alerts.yml': 'groups: []\n',
      'scripts/start.sh': '#!/bin/sh\necho "$1"\n',
    };
    const imported = only(
      importComposeFolder(
        folder(
          `${compose(['./prometheus:/etc/prometheus/', './scripts/start.sh:/start.sh', 'data:/prometheus'])}volumes:\n  data: {}\n`,
          files,
        ),
      ),
    );
    expect(imported.report.errors).toEqual([]);
    expect(imported.template.manifest.config_files.map((f) => `${f.path} ${f.mode}`)).toEqual([
      '/etc/prometheus/prometheus.yml 0644',
      '/etc/prometheus/rules/alerts.yml 0644',
      '/start.sh 0755',
    ]);
    expect(imported.report.compose?.services[0]?.mounts.map((m) => m.target)).toEqual(['/prometheus']);
    expect(imported.template.manifest.name).toBe('site');
  });

  it('refuses a binary bound file with a reason, and the template is not saved with an empty volume instead', () => {
    const report = importComposeFolder(
      folder(compose(['./logo.png:/usr/share/nginx/html/logo.png']), { 'logo.png': null }),
    );
    const refused = report.items.find((i) => i.action === 'refused');
    expect(refused?.subject).toBe('services.web.volumes[0]');
    expect(refused?.reason).toContain('binary or larger than 64 KB');
    expect(only(report).report.errors.map((e) => e.path)).toContain('services.web.volumes[0]');
    expect(only(report).template.compose).not.toMatch(/logo_png/);
  });

  it('refuses binds needing more config files than a template holds, from the folder or asked for', () => {
    const many = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [`html/page${i}.html`, `<p>${i}</p>`]),
    );
    const report = importComposeFolder(folder(compose(['./html:/usr/share/nginx/html']), many));
    expect(report.items.find((i) => i.action === 'refused')?.reason).toMatch(
      /needs 21 config files .* at most 20/,
    );
    const binds = Array.from({ length: 21 }, (_, i) => `./conf/${i}.conf:/etc/app/${i}.conf`);
    const asked = importCompose(compose(binds));
    expect(asked.items.filter((i) => i.action === 'refused').map((i) => i.subject)).toEqual([
      'services.web.volumes[20]',
    ]);
  });
});

describe('a bound file the import does not have: a required config file the user fills in', () => {
  const plain = importCompose(compose(['./nginx.conf:/etc/nginx/nginx.conf:ro', './data:/data']));
  const imported = only(plain);

  it('asks for its contents with a multi-line variable labelled with the file and the service', () => {
    expect(imported.report.errors).toEqual([]);
    expect(imported.template.manifest.variables).toEqual([
      expect.objectContaining({
        name: 'FILE_WEB_NGINX_CONF',
        label: 'Contents of ./nginx.conf for service web',
        type: 'multiline',
        required: true,
      }),
    ]);
    expect(imported.template.manifest.config_files).toEqual([
      { service: 'web', path: '/etc/nginx/nginx.conf', content: '${FILE_WEB_NGINX_CONF}', mode: '0644' },
    ]);
    expect(
      imported.report.compose?.services[0]?.mounts.map((m) => (m.type === 'volume' ? m.source : m.type)),
    ).toEqual(['data']);
  });

  it('is refused at deploy while empty, and written as typed once filled', () => {
    const empty = renderCompose(imported.template, {});
    expect(empty.ok ? [] : empty.errors.map((e) => e.code)).toEqual(['values:required']);
    const filled = renderCompose(imported.template, { FILE_WEB_NGINX_CONF: NGINX_CONF });
    expect(filled.ok && filled.configFiles[0]?.content).toBe(NGINX_CONF);
  });

  it('does the same for a folder that lacks the file, saying so', () => {
    const report = importComposeFolder(folder(compose(['./nginx.conf:/etc/nginx/nginx.conf']), {}));
    expect(only(report).template.manifest.variables.map((v) => v.name)).toEqual(['FILE_WEB_NGINX_CONF']);
    expect(report.items.find((i) => i.subject === 'services.web.volumes[0]')?.reason).toContain(
      'the folder does not have it',
    );
  });
});

describe('a compose file in a subfolder of the picked folder', () => {
  it('takes a file it binds from beside its own folder (../)', () => {
    const report = importComposeFolder([
      { path: 'repo/deploy/compose.yaml', content: compose(['../shared/nginx.conf:/etc/nginx/nginx.conf']) },
      { path: 'repo/shared/nginx.conf', content: 'events {}\n' },
    ]);
    expect(only(report).template.manifest).toMatchObject({
      name: 'deploy',
      config_files: [{ path: '/etc/nginx/nginx.conf', content: 'events {}\n' }],
    });
  });
});

describe('a compose config read from a file of the folder', () => {
  it('takes the file as the config content, its $ kept as written and no variable made of it', () => {
    const text = `${compose([], 'web')}    configs: [{ source: site, target: /etc/nginx/conf.d/site.conf }]\nconfigs:\n  site:\n    file: ./site.conf\n`;
    const imported = only(
      importComposeFolder(folder(text.replace('    volumes:\n', ''), { 'site.conf': NGINX_CONF })),
    );
    expect(imported.report.errors).toEqual([]);
    expect(imported.template.manifest.variables).toEqual([]);
    const rendered = renderCompose(imported.template, {});
    expect(rendered.ok && rendered.configFiles.map((f) => [f.path, f.content])).toEqual([
      ['/etc/nginx/conf.d/site.conf', NGINX_CONF],
    ]);
  });
});
