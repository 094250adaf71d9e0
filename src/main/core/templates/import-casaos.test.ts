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
      description: 'Jellyfin is the volunteer-built media solution that puts you in control of your media.',
      primary: { service: 'jellyfin', port: 8096, scheme: 'http' },
    });
    expect(imported?.template.manifest.notes).toContain('Add your media folders as libraries');
    expect(imported?.template.manifest.notes).toContain('- /config: Jellyfin config directory.');
  });

  it('removes every x-casaos block from the compose file', () => {
    expect(imported?.template.compose).not.toContain('x-casaos');
    expect(jellyfin.items.filter((i) => i.subject.endsWith('x-casaos')).map((i) => i.action)).toEqual([
      'taken',
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
