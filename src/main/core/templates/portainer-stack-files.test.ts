import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPortainerTemplates } from './import-portainer';
import { rawStackUrl } from './portainer-stack-files';

describe('rawStackUrl', () => {
  it('finds the raw file on GitHub, GitLab, Gitea and Codeberg at the default branch', () => {
    expect(rawStackUrl('https://github.com/portainer/templates', 'stacks/wordpress/docker-stack.yml')).toBe(
      'https://raw.githubusercontent.com/portainer/templates/HEAD/stacks/wordpress/docker-stack.yml',
    );
    expect(rawStackUrl('https://github.com/o/r.git/', './compose file.yml')).toBe(
      'https://raw.githubusercontent.com/o/r/HEAD/compose%20file.yml',
    );
    expect(rawStackUrl('https://gitlab.com/group/sub/app', 'deploy/compose.yml')).toBe(
      'https://gitlab.com/group/sub/app/-/raw/HEAD/deploy/compose.yml',
    );
    expect(rawStackUrl('https://codeberg.org/o/r', 'compose.yml')).toBe(
      'https://codeberg.org/o/r/raw/compose.yml',
    );
    expect(rawStackUrl('https://gitea.com/o/r.git', 'a/b.yml')).toBe('https://gitea.com/o/r/raw/a/b.yml');
  });

  it('has no address for unknown hosts, plain http, odd repository paths or a path that climbs out', () => {
    expect(rawStackUrl('https://git.example.com/o/r', 'compose.yml')).toBeNull();
    expect(rawStackUrl('http://github.com/o/r', 'compose.yml')).toBeNull();
    expect(rawStackUrl('https://github.com/o/r/tree/main', 'compose.yml')).toBeNull();
    expect(rawStackUrl('https://github.com/o/r', '../../etc/passwd')).toBeNull();
    expect(rawStackUrl('not a url', 'compose.yml')).toBeNull();
  });
});

const list = (templates: unknown[]) => JSON.stringify({ version: '2', templates });
const compose = 'services:\n  web:\n    image: traefik/whoami:v1.10.3\n    ports: ["80"]\n';

describe('stacks in repositories', () => {
  it('asks for the file of an unknown host to be picked, and imports it once picked', () => {
    const text = list([
      {
        type: 3,
        title: 'Self-hosted',
        repository: { url: 'https://git.example.com/o/r', stackfile: 'c.yml' },
      },
    ]);
    const pending = importPortainerTemplates(text).pending;
    expect(pending).toEqual([
      {
        subject: 'templates[0] (Self-hosted)',
        url: 'https://git.example.com/o/r#c.yml',
        repository: 'https://git.example.com/o/r',
        stackfile: 'c.yml',
        canFetch: false,
      },
    ]);
    const picked = importPortainerTemplates(text, {
      remoteFiles: [{ url: pending?.[0]?.url ?? '', text: compose }],
    });
    expect(picked.pending).toBeUndefined();
    expect(picked.templates.map((t) => [t.template.manifest.name, t.report.errors])).toEqual([
      ['Self-hosted', []],
    ]);
  });

  it('says which file is not a compose file, and names a stack without any file', () => {
    const text = list([
      { type: 3, title: 'Wrong file', repository: { url: 'https://github.com/o/r', stackfile: 'README.md' } },
      { type: 3, title: 'No file' },
    ]);
    const report = importPortainerTemplates(text, {
      remoteFiles: [{ url: 'https://raw.githubusercontent.com/o/r/HEAD/README.md', text: 'Hello, world' }],
    });
    expect(report.items.filter((i) => i.action === 'refused').map((i) => i.reason)).toEqual([
      "The file https://raw.githubusercontent.com/o/r/HEAD/README.md cannot be used: it has no services. Check that it is the stack's compose file.",
      'The stack names no compose file (no repository with a stackfile); import its compose file as a Docker Compose file.',
    ]);
  });

  it('reads an edge stack template (type 4), whose stackfile is the raw address itself', () => {
    const url = 'https://raw.githubusercontent.com/portainer/templates/master/edge/app/docker-compose.yml';
    const text = list([{ type: 4, title: 'Edge app', stackfile: url }]);
    expect(importPortainerTemplates(text).pending?.map((p) => [p.url, p.canFetch])).toEqual([[url, true]]);
    const report = importPortainerTemplates(text, { remoteFiles: [{ url, text: compose }] });
    expect(report.templates[0]?.report.errors).toEqual([]);
    expect(report.items).toContainEqual({
      action: 'taken',
      subject: 'templates[0] (Edge app)',
      reason: 'An edge stack template, imported as a compose stack.',
    });
  });
});

describe('Portainer 1.x lists and files of other formats', () => {
  const v1 = importPortainerTemplates(readFileSync(join(__dirname, 'fixtures', 'portainer-v1.json'), 'utf8'));

  it('imports a v1 list (a top-level array with named types) like version 2', () => {
    expect(v1.errors).toEqual([]);
    expect(v1.templates.map((t) => [t.template.manifest.name, t.report.errors.length])).toEqual([
      ['Nginx', 0],
      ['MySQL', 0],
      ['GitLab CE', 0],
      ['SQL Server', 0],
      ['Sematext Docker Agent', 0],
      ['Wowza', 0],
    ]);
    expect(v1.pending?.map((p) => p.stackfile)).toEqual([
      'stacks/wordpress/docker-stack.yml',
      'stacks/sematext-agent-docker/docker-stack.yml',
    ]);
    expect(v1.items.filter((i) => i.action === 'refused').map((i) => i.subject)).toEqual([
      'templates[4] (SQL Server)',
    ]);
  });

  it('reads v1 volumes (paths and host:container binds) and set values', () => {
    const nginx = v1.templates[0]?.report.compose?.services[0];
    expect(nginx?.mounts.map((m) => [m.type, m.target])).toEqual([
      ['volume', '/etc/nginx'],
      ['volume', '/usr/share/nginx/html'],
    ]);
    const sematext = v1.templates[4]?.report.compose?.services[0];
    expect(sematext?.mounts).toMatchObject([
      { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' },
    ]);
    expect(v1.templates[5]?.report.compose?.services[0]?.environment.WOWZA_ACCEPT_LICENSE).toBe('yes');
    const binds = importPortainerTemplates(
      JSON.stringify([
        {
          type: 'container',
          title: 'Site',
          image: 'nginx:1',
          volumes: ['/srv/site:/usr/share/nginx/html:ro'],
        },
      ]),
    );
    expect(binds.templates[0]?.report.compose?.services[0]?.mounts).toMatchObject([
      { type: 'bind', source: '/srv/site', target: '/usr/share/nginx/html', readOnly: true },
    ]);
  });

  it('says which format a file of another kind looks like', () => {
    const message = (text: string) => importPortainerTemplates(text).errors[0]?.message;
    expect(message(compose)).toMatch(/looks like a compose file; pick "Docker Compose file"/);
    expect(message('{"services": {"a": {"image": "x"}}}')).toMatch(/looks like a compose file/);
    expect(message(`${compose}x-casaos:\n  title: { en_us: A }\n`)).toMatch(/looks like a CasaOS app/);
    expect(message('{"format": "hoster-template-bundle", "version": 1}')).toMatch(/Hoster template bundle/);
    expect(message('{"title": "Nginx", "image": "nginx"}')).toMatch(
      /single Portainer template; put it in a list/,
    );
  });
});
