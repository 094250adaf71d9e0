import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCasaOsApp } from './import-casaos';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const app = (volumes: string, extra = '') => `name: myapp
services:
  web:
    image: nginx:1.27
${volumes}
x-casaos:
  main: web
  title:
    en_us: My App
${extra}`;

const sourceOf = (mount: { target: string; source?: string | null }) => [mount.source ?? null, mount.target];

const importedOf = (text: string) => {
  const report = importCasaOsApp(text);
  const template = report.templates[0];
  return { report, template, service: template?.report.compose?.services[0] };
};

describe('CasaOS app data becomes named volumes of the deployment', () => {
  it('turns a whole-folder bind of the app and its literal id (with a trailing /) into one volume', () => {
    const { report, template, service } = importedOf(fixture('casaos-uptimekuma.yaml'));
    expect(report.errors).toEqual([]);
    expect(template?.report.errors).toEqual([]);
    expect(service?.mounts).toMatchObject([
      { type: 'volume', source: 'data', target: '/app/data' },
      { type: 'volume', source: 'data', target: '/app/backup', readOnly: true },
    ]);
    expect(template?.template.compose).not.toContain('/DATA/AppData');
    expect(report.items.filter((i) => i.subject.includes('.volumes[')).map((i) => i.action)).toEqual([
      'changed',
      'changed',
    ]);
  });

  it('makes one volume per distinct path, ${AppID} and short syntax included, and keeps media folders as binds', () => {
    const { template } = importedOf(fixture('casaos-photoprism.yaml'));
    const [photoprism, mariadb] = template?.report.compose?.services ?? [];
    expect(photoprism?.mounts).toMatchObject([
      { type: 'volume', source: 'storage', target: '/photoprism/storage' },
      { type: 'bind', source: '/DATA/Gallery', target: '/photoprism/originals' },
    ]);
    expect(mariadb?.mounts).toMatchObject([{ type: 'volume', source: 'database', target: '/var/lib/mysql' }]);
    expect(template?.report.warnings.map((w) => w.code)).toContain('policy:host-path');
  });

  it('gives two app-data paths with the same folder name two volumes and one path written twice one volume', () => {
    const { service, template } = importedOf(
      app(`    volumes:
      - /DATA/AppData/$AppID/config:/a
      - /DATA/AppData/other-app/config/:/b
      - //DATA/AppData/myapp//config:/c
      - config_2:/d
volumes:
  config_2: {}`),
    );
    expect(template?.report.errors).toEqual([]);
    expect(service?.mounts.map(sourceOf)).toEqual([
      ['config', '/a'],
      ['config_3', '/b'],
      ['config', '/c'],
      ['config_2', '/d'],
    ]);
  });
});

describe('CasaOS app data: nested folders and other host paths', () => {
  it('reports a folder mounted beside its parent, which CasaOS shared and two volumes do not', () => {
    const { report, service } = importedOf(
      app(`    volumes:
      - /DATA/AppData/$AppID:/all
      - /DATA/AppData/$AppID/config:/config`),
    );
    expect(service?.mounts.map(sourceOf)).toEqual([
      ['data', '/all'],
      ['config', '/config'],
    ]);
    expect(report.items).toContainEqual({
      action: 'changed',
      subject: 'volumes',
      reason:
        'In CasaOS /DATA/AppData/myapp/config is inside /DATA/AppData/myapp; here they are two volumes, "config" and "data", which do not see each other\'s files.',
    });
  });

  it('leaves host paths outside app data as binds for the safety policy', () => {
    const { service } = importedOf(
      app(`    volumes:
      - /DATA/Downloads:/downloads
      - /DATA/AppDataBackup/x:/backup
      - /var/run/docker.sock:/var/run/docker.sock`),
    );
    expect(service?.mounts.map((m) => [m.type, sourceOf(m)[0]])).toEqual([
      ['bind', '/DATA/Downloads'],
      ['bind', '/DATA/AppDataBackup/x'],
      ['bind', '/var/run/docker.sock'],
    ]);
  });
});

describe('CasaOS app id and title', () => {
  it('takes the slug and $AppID from the compose name and the display name from the title', () => {
    const { template, service } = importedOf(
      app(`    environment:
      DATA_DIR: /srv/$AppID`).replace('name: myapp', 'name: bigbear-media'),
    );
    expect(template?.template.manifest).toMatchObject({ name: 'My App', slug: 'bigbear-media' });
    expect(service?.environment).toMatchObject({ DATA_DIR: '/srv/bigbear-media' });
  });

  it('falls back to store_app_id, then to the title, and says so', () => {
    const withStoreId = importedOf(app('').replace('name: myapp\n', '') + '  store_app_id: my-store-id\n');
    expect(withStoreId.template?.template.manifest.slug).toBe('my-store-id');
    const titleOnly = importedOf(app('').replace('name: myapp\n', ''));
    expect(titleOnly.template?.template.manifest.slug).toBe('my-app');
    expect(titleOnly.report.items).toContainEqual(
      expect.objectContaining({ action: 'changed', subject: 'name' }),
    );
  });
});

describe('notes that name an app folder on the host', () => {
  it('say which volume of the deployment holds it now (Etherpad)', () => {
    const { template } = importedOf(
      app(
        '    volumes:\n      - /DATA/AppData/$AppID/var:/opt/etherpad-lite/var',
        '  tips:\n    before_install:\n      en_us: "Pads are stored in /DATA/AppData/myapp/var. Backups: /DATA/AppData/myapp/var/dumps"',
      ),
    );
    expect(template?.template.manifest.notes).toBe(
      [
        'Pads are stored in /DATA/AppData/myapp/var. Backups: /DATA/AppData/myapp/var/dumps',
        '',
        "CasaOS kept this app's data in folders on the host; here each deployment keeps it in volumes:",
        '- /DATA/AppData/myapp/var is the deployment\'s volume "var".',
        '- /DATA/AppData/myapp/var/dumps is the folder /dumps in the deployment\'s volume "var".',
      ].join('\n'),
    );
  });

  it('stay as they are when the folder they name is not mounted', () => {
    const { template } = importedOf(
      app(
        '    volumes:\n      - /DATA/AppData/$AppID/config:/config',
        '  tips:\n    before_install:\n      en_us: Put models in /DATA/AppData/other/models',
      ),
    );
    expect(template?.template.manifest.notes).toBe('Put models in /DATA/AppData/other/models');
  });
});
