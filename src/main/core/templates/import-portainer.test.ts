import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPortainerTemplates } from './import-portainer';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const v2 = importPortainerTemplates(fixture('portainer-v2.json'));

describe('importPortainerTemplates', () => {
  it('converts container templates and inline stacks, lists repository stacks as pending, refuses the rest', () => {
    expect(v2.errors).toEqual([]);
    expect(v2.templates.map((t) => t.template.manifest.slug)).toEqual([
      'nginx',
      'mysql',
      'portainer-agent',
      'whoami-stack',
    ]);
    expect(v2.templates.map((t) => t.report.errors)).toEqual([[], [], [], []]);
    const refused = v2.items.filter((i) => i.action === 'refused');
    expect(refused.map((i) => i.subject)).toEqual(['templates[6] (IIS)', 'templates[7]']);
    expect(refused[0]?.reason).toMatch(/Windows containers .*look for a Linux image/);
    expect(v2.pending?.map((p) => [p.subject, p.url])).toEqual([
      [
        'templates[3] (Traefik swarm)',
        'https://raw.githubusercontent.com/portainer/templates/HEAD/stacks/traefik/docker-stack.yml',
      ],
      [
        'templates[4] (Wordpress stack)',
        'https://raw.githubusercontent.com/portainer/templates/HEAD/stacks/wordpress/docker-compose.yml',
      ],
    ]);
  });

  it('makes a one-service compose file with volumes, ports and restart policy', () => {
    const nginx = v2.templates[0];
    expect(nginx?.template.manifest).toMatchObject({
      name: 'Nginx',
      category: 'web',
      icon: '🌐',
      notes: 'Serves static files.\nPut them in the html volume.',
      primary: { service: 'nginx', port: 80 },
    });
    expect(nginx?.report.compose?.services[0]).toMatchObject({
      image: 'nginx:1.27.3-alpine',
      restart: { policy: 'unless-stopped' },
      ports: [
        { target: 80, published: null },
        { target: 443, published: null },
      ],
      mounts: [
        { type: 'volume', source: 'nginx', target: '/etc/nginx' },
        { type: 'volume', source: 'html', target: '/usr/share/nginx/html' },
      ],
    });
  });
});

describe('importPortainerTemplates: environment and options', () => {
  it('turns env entries into secrets, variables with labels, selects and fixed values', () => {
    const mysql = v2.templates[1]?.template.manifest;
    expect(mysql?.secrets.map((s) => s.name)).toEqual(['MYSQL_ROOT_PASSWORD']);
    expect(mysql?.variables).toEqual([
      {
        name: 'MYSQL_DATABASE',
        label: 'Database',
        description: 'Created on first start',
        type: 'text',
        default: 'app',
        required: false,
      },
      {
        name: 'MYSQL_CHARSET',
        label: 'Charset',
        type: 'select',
        default: 'utf8mb4',
        required: false,
        options: [
          { value: 'utf8mb4', label: 'UTF-8 (4 bytes)' },
          { value: 'latin1', label: 'Latin 1' },
        ],
      },
    ]);
    expect(v2.templates[1]?.report.compose?.services[0]?.environment.MYSQL_ALLOW_EMPTY_PASSWORD).toBe('no');
  });

  it('keeps dangerous options and lets the policy flag them', () => {
    const agent = v2.templates[2]?.report;
    expect(agent?.warnings.map((w) => w.code)).toEqual([
      'policy:docker-socket',
      'policy:host-path',
      'policy:privileged',
      'policy:host-namespace',
    ]);
    expect(agent?.compose?.services[0]?.image).toBe('portainer/agent:2.21.4');
  });
});

describe('importPortainerTemplates: scopes, versions and refusals', () => {
  it('scopes each item to its template', () => {
    expect(v2.items).toContainEqual(
      expect.objectContaining({ action: 'changed', subject: 'templates[1] (MySQL): services.mysql.restart' }),
    );
  });

  it('reads version 3 files', () => {
    const v3 = importPortainerTemplates(fixture('portainer-v3.json'));
    expect(v3.errors).toEqual([]);
    expect(v3.templates.map((t) => t.report.errors)).toEqual([[], []]);
    expect(v3.templates[0]?.report.compose?.services[0]).toMatchObject({
      command: ['redis-server', '--appendonly', 'yes'],
      restart: { policy: 'always' },
      labels: { 'com.example.team': 'platform' },
    });
    expect(v3.templates[1]?.report.compose?.services[0]).toMatchObject({
      tty: true,
      stdinOpen: true,
      hostname: 'kuma',
      mounts: [{ type: 'bind', source: '/srv/uptime-kuma' }],
    });
    expect(v3.templates[1]?.report.warnings.map((w) => w.code)).toEqual([
      'compose:port-fixed',
      'policy:host-path',
    ]);
  });

  it('refuses other files with typed errors', () => {
    expect(importPortainerTemplates('{"version": "1", "templates": []}').errors.map((e) => e.code)).toEqual([
      'import:portainer-version',
    ]);
    expect(importPortainerTemplates('{"apps": []}').errors.map((e) => e.code)).toEqual([
      'import:not-portainer',
    ]);
    expect(importPortainerTemplates('{').errors.map((e) => e.code)).toEqual(['import:not-json']);
  });
});
