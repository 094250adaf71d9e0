import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCasaOsApp } from './import-casaos';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const jellyfin = importCasaOsApp(fixture('casaos-jellyfin.yaml'));
const imported = jellyfin.templates[0];

describe('importCasaOsApp', () => {
  it('fills the manifest from x-casaos', () => {
    expect(jellyfin.errors).toEqual([]);
    expect(imported?.report.errors).toEqual([]);
    expect(imported?.template.manifest).toMatchObject({
      name: 'Jellyfin',
      slug: 'jellyfin',
      category: 'media',
      icon: '🎬',
      description:
        'The Free Software Media System\n\nJellyfin is the volunteer-built media solution that puts you in control of your media.',
      primary: { service: 'jellyfin', port: 8096, scheme: 'http' },
    });
    expect(imported?.template.manifest.notes).toContain('Add your media folders as libraries');
    expect(imported?.template.manifest.notes).toContain('- /config: Jellyfin config directory.');
  });

  it('removes every x-casaos block from the compose file', () => {
    expect(imported?.template.compose).not.toContain('x-casaos');
    expect(jellyfin.items.filter((i) => i.subject.endsWith('x-casaos')).map((i) => i.action)).toEqual([
      'taken',
      'refused',
      'taken',
    ]);
  });

  it("writes CasaOS's own values in and turns its app folder into a volume", () => {
    const service = imported?.report.compose?.services[0];
    expect(service?.environment).toMatchObject({
      PUID: '1000',
      PGID: '1000',
      TZ: '$TZ',
      JELLYFIN_PublishedServerUrl: '${JELLYFIN_PublishedServerUrl}',
    });
    expect(service?.mounts).toMatchObject([
      { type: 'volume', source: 'config', target: '/config' },
      { type: 'bind', source: '/DATA/Media', target: '/Media' },
    ]);
    expect(service?.networkMode).toBeNull();
    expect(imported?.template.manifest.variables).toEqual([
      { name: 'TZ', label: 'Time zone', type: 'text', default: 'Etc/UTC', required: false },
      {
        name: 'JELLYFIN_PublishedServerUrl',
        label: 'The server URL clients should use',
        description: 'The server URL clients should use',
        type: 'url',
        default: 'http://localhost:8097',
        required: false,
      },
    ]);
  });
});

describe('importCasaOsApp: variables, secrets and refusals', () => {
  it('makes written-in tokens secrets and described settings variables', () => {
    const vaultwarden = importCasaOsApp(fixture('casaos-vaultwarden.yaml')).templates[0];
    expect(vaultwarden?.report.errors).toEqual([]);
    expect(vaultwarden?.template.manifest.secrets.map((s) => s.name)).toEqual(['ADMIN_TOKEN']);
    expect(vaultwarden?.template.manifest.variables).toEqual([
      {
        name: 'SIGNUPS_ALLOWED',
        label: 'Allow new users to sign up',
        description: 'Allow new users to sign up',
        type: 'boolean',
        default: 'true',
        required: false,
      },
    ]);
    expect(vaultwarden?.template.compose).not.toContain('casaos-admin-token');
    expect(vaultwarden?.template.manifest.primary).toEqual({
      service: 'vaultwarden',
      port: 80,
      scheme: 'http',
    });
  });

  it('refuses a compose file without x-casaos', () => {
    expect(importCasaOsApp('services:\n  a:\n    image: a:1\n').errors.map((e) => e.code)).toEqual([
      'import:not-casaos',
    ]);
  });
});

const storeApp = (casaos: string, ports = '      - "8080:80"') => `name: demo
services:
  web:
    image: example/demo:1.0
    ports:
${ports}
  admin:
    image: example/demo-admin:1.0
    ports:
      - "9090:90"
x-casaos:
  main: web
${casaos}`;
const manifestOf = (text: string) => importCasaOsApp(text).templates[0]?.template.manifest;

describe('importCasaOsApp: what the app store says about the app', () => {
  it('reads texts in en_us, then en_US or en, then any language, skipping empty ones', () => {
    expect(manifestOf(storeApp('  title:\n    en_us: ""\n    en_US: Demo US\n    zh_cn: 演示'))?.name).toBe(
      'Demo US',
    );
    expect(manifestOf(storeApp('  title:\n    zh_cn: 演示\n    en: Demo'))?.name).toBe('Demo');
    expect(manifestOf(storeApp('  title:\n    custom: ""\n    de_de: Vorführung'))?.name).toBe('Vorführung');
    expect(
      manifestOf(storeApp('  title: Demo\n  tagline:\n    en_us: Short\n  description:\n    de_de: Lang'))
        ?.description,
    ).toBe('Short\n\nLang');
  });

  it.each([
    ['Gallery', 'media', '🎬'],
    ['Downloader', 'media', '🎬'],
    ['Home Automation', 'automation', '⚙️'],
    ['Developer', 'development', '🛠️'],
    ['File Sync', 'storage', '💾'],
    ['Dashboard', 'monitoring', '📈'],
    ['Notes', 'productivity', '📝'],
    ['Utilities', 'other', '📦'],
    ['Password Manager', 'security', '🔒'],
    ['constructor', 'other', '📦'],
    ['Social', 'communication', '💬'],
    ['Home', 'automation', '⚙️'],
  ])('maps the CasaOS category %s onto %s', (category, expected, icon) => {
    expect(manifestOf(storeApp(`  title: Demo\n  category: ${category}`))).toMatchObject({
      category: expected,
      icon,
    });
  });

  it('files an app on a wide CasaOS shelf by its image, and says so', () => {
    const report = importCasaOsApp(
      storeApp('  title: Demo\n  category: Developer').replace(
        /example\/demo(?:-admin)?:1\.0/g,
        'postgres:16',
      ),
    );
    expect(report.templates[0]?.template.manifest.category).toBe('database');
    expect(report.items).toContainEqual({
      action: 'changed',
      subject: 'x-casaos.category',
      reason:
        'CasaOS files it under "Developer"; its images say database, so it is filed there (change it in the editor).',
    });
    const media = storeApp('  title: Demo\n  category: Media').replace(
      /example\/demo(?:-admin)?:1\.0/g,
      'postgres:16',
    );
    expect(importCasaOsApp(media).templates[0]?.template.manifest.category).toBe('media');
  });
});

describe('importCasaOsApp: port_map', () => {
  it('makes the container port published on port_map the primary, on any service', () => {
    expect(manifestOf(storeApp('  title: Demo\n  port_map: "9090"\n  scheme: https'))?.primary).toEqual({
      service: 'admin',
      port: 90,
      scheme: 'https',
    });
    expect(
      manifestOf(storeApp('  title: Demo\n  port_map: ${PORT:-8081}', '      - "${PORT:-8081}:81"'))?.primary,
    ).toEqual({ service: 'web', port: 81, scheme: 'http' });
  });
});

describe('importCasaOsApp: port_map on the node network or unmatched, and fields left out', () => {
  it("takes port_map itself for a main service on the node's network", () => {
    const report = importCasaOsApp(`name: homeassistant
services:
  homeassistant:
    image: homeassistant/home-assistant:2024.12
    network_mode: host
x-casaos:
  main: homeassistant
  title:
    en_us: Home Assistant
  category: Home Automation
  port_map: "8123"
`);
    const template = report.templates[0];
    expect(template?.template.manifest.primary).toEqual({
      service: 'homeassistant',
      port: 8123,
      scheme: 'http',
    });
    expect(template?.report.errors).toEqual([]);
    expect(template?.report.compose?.services[0]?.expose).toMatchObject([{ port: 8123 }]);
  });

  it("reports a port_map no service publishes and falls back to the main service's first port", () => {
    const report = importCasaOsApp(storeApp('  title: Demo\n  port_map: "1234"'));
    expect(report.templates[0]?.template.manifest.primary).toEqual({
      service: 'web',
      port: 80,
      scheme: 'http',
    });
    expect(report.items).toContainEqual({
      action: 'changed',
      subject: 'x-casaos.port_map',
      reason: 'No service publishes port 1234; "Open app" uses web\'s port 80.',
    });
  });

  it('reports the fields it does not carry over and the web icon it replaces', () => {
    const report = importCasaOsApp(
      storeApp(
        '  title: Demo\n  icon: https://example.test/icon.png\n  thumbnail: https://example.test/t.png\n  index: /admin',
      ),
    );
    expect(report.items.filter((i) => i.action === 'refused').map((i) => i.reason)).toEqual([
      'Not carried over: thumbnail (Hoster shows no pictures from the web), index ("Open app" opens the root of the web UI).',
    ]);
    expect(report.items.map((i) => i.subject)).toContain('x-casaos.icon');
  });
});
