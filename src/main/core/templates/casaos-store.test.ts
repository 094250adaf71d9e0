import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { entries, isDict, type Dict } from './compose-values';
import { importCasaOsApp } from './import-casaos';
import { slugify } from './import-manifest';

/** Thirty apps of the CasaOS App Store as it ships them: see fixtures/casaos-store/README.md. */
const STORE = join(__dirname, 'fixtures', 'casaos-store');
const apps = readdirSync(STORE)
  .filter((file) => file.endsWith('.yml'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(STORE, file), 'utf8');
    const report = importCasaOsApp(text);
    const imported = report.templates[0];
    const errors = [...report.errors, ...(imported?.report.errors ?? [])];
    return { app: file.replace(/\.yml$/, ''), source: parse(text) as Dict, report, imported, errors };
  });
const byName = (app: string) => {
  const found = apps.find((a) => a.app === app);
  if (found === undefined) throw new Error(`${app} is not in the store sample`);
  return found;
};
const valid = apps.filter((a) => a.imported !== undefined && a.errors.length === 0);

/** The limits the refused apps meet, each one Hoster really has, by the path it is reported at. */
const KNOWN_LIMITS: Record<string, RegExp> = {
  Crafty: /^services\.crafty\.ports\[\d\]$/,
};

/** What the safety policy asks a yes for, per app: only what the app needs to work. */
const FINDINGS: Record<string, string[]> = {
  DuckDNS: ['host-namespace'],
  Glances: ['docker-socket', 'host-namespace', 'host-path'],
  HomeAssistant: ['host-namespace', 'host-path', 'privileged'],
  Immich: ['host-path'],
  JDownloader2: ['host-path'],
  Jellyfin: ['device', 'host-path'],
  NetBird: ['capability', 'host-namespace'],
  Netdata: ['capability', 'docker-socket', 'host-namespace', 'host-path', 'security-option'],
  Nzbget: ['host-path'],
  PhotoPrism: ['host-path'],
  Pihole: ['capability'],
  Plex: ['device', 'host-namespace', 'host-path'],
  Plex_Nvidia: ['device', 'gpu', 'host-namespace', 'host-path'],
  Sonarr: ['host-path'],
  Transmission: ['host-path'],
  V2rayA: ['host-namespace', 'host-path', 'privileged'],
  WireGuardEasy: ['capability', 'sysctl'],
  qBittorrent: ['host-path'],
};

const appDataTargets = (source: Dict): string[] =>
  entries(source.services).flatMap(([, service]) =>
    isDict(service) && Array.isArray(service.volumes)
      ? service.volumes.flatMap((item: unknown) => {
          const [from = '', to = ''] = typeof item === 'string' ? item.split(':') : [];
          return from.startsWith('/DATA/AppData') ? [to] : [];
        })
      : [],
  );

describe('the CasaOS App Store sample', () => {
  it('imports at least 90 % of the apps as valid templates', () => {
    const share = valid.length / apps.length;
    console.info(
      `CasaOS store sample: ${String(valid.length)}/${String(apps.length)} valid (${(share * 100).toFixed(1)} %); refused: ${apps
        .filter((a) => !valid.includes(a))
        .map((a) => `${a.app} (${a.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})`)
        .join(', ')}`,
    );
    expect(apps).toHaveLength(30);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses only at a real limit, and says what to do', () => {
    for (const { app, errors } of apps.filter((a) => !valid.includes(a))) {
      const limit = KNOWN_LIMITS[app];
      expect(limit, `${app} was refused: ${errors.map((e) => e.message).join('; ')}`).toBeDefined();
      for (const error of errors) expect(error.path).toMatch(limit ?? /^$/);
    }
    const crafty = byName('Crafty').errors[0]?.message;
    expect(crafty).toContain('25500-25600');
    expect(crafty).toMatch(/split it/);
  });

  it('asks a yes only for what each app needs, naming the service', () => {
    for (const { app, imported, source } of apps) {
      const findings = imported?.report.findings ?? [];
      expect([...new Set(findings.map((f) => f.rule))].sort(), app).toEqual(FINDINGS[app] ?? []);
      for (const finding of findings) expect(Object.keys(source.services as Dict)).toContain(finding.service);
    }
  });
});

describe('the CasaOS App Store sample: what a deployment gets', () => {
  it("keeps each deployment's app data in its own named volumes", () => {
    for (const { app, source, imported } of valid) {
      const mounts = (imported?.report.compose?.services ?? []).flatMap((s) => s.mounts);
      expect(
        mounts.filter((m) => m.type === 'bind' && m.source.startsWith('/DATA/AppData')),
        app,
      ).toEqual([]);
      for (const target of appDataTargets(source))
        expect(mounts.find((m) => m.target === target.replace(/\/$/, ''))?.type, `${app} ${target}`).toBe(
          'volume',
        );
    }
  });

  it('gives each service room for the memory it reserves', () => {
    for (const { app, imported } of valid) {
      const memory = (imported?.template.manifest.resources.memory_mb ?? 0) * 1024 * 1024;
      for (const service of imported?.report.compose?.services ?? [])
        expect(memory, `${app} ${service.name}`).toBeGreaterThanOrEqual(
          service.reservations.memoryBytes ?? 0,
        );
    }
  });

  it("takes the app id from the compose file's name", () => {
    for (const { app, source, imported } of apps)
      expect(imported?.template.manifest.slug, app).toBe(slugify(String(source.name)));
  });
});

describe('the CasaOS App Store sample: categories', () => {
  it.each([
    ['PostgreSQL', 'database'],
    ['MariaDB', 'database'],
    ['Adminer', 'database'],
    ['Grafana', 'monitoring'],
    ['Netdata', 'monitoring'],
    ['Nextcloud', 'storage'],
    ['HomeAssistant', 'automation'],
    ['Databag', 'communication'],
    ['Maybe', 'productivity'],
    ['LibreChat', 'other'],
    ['Jellyfin', 'media'],
    ['WireGuardEasy', 'networking'],
  ])('files %s under %s', (app, category) => {
    expect(byName(app).imported?.template.manifest.category).toBe(category);
  });
});

const secretOf = (app: string, name: string) =>
  byName(app).imported?.template.manifest.secrets.find((s) => s.name === name);
const variableOf = (app: string, name: string) =>
  byName(app).imported?.template.manifest.variables.find((v) => v.name === name);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "Default password: `casaos`": the value a few characters after the word, in the same table cell. */
const statedPassword = (value: string): RegExp =>
  new RegExp(`pass(?:word|wd)?\\b[^|\\n]{0,15}?(?<![\\w-])${escape(value)}(?![\\w-])`, 'i');

/** The values written into the file for the keys that became generated secrets. */
const writtenSecrets = (source: Dict, secrets: readonly string[]): string[] =>
  entries(source.services).flatMap(([, service]) => {
    const env = isDict(service) ? service.environment : undefined;
    const pairs = Array.isArray(env)
      ? env.map((item) => String(item).split('=') as [string, string?])
      : entries(env).map(([key, value]): [string, string?] => [key, String(value)]);
    return pairs.flatMap(([key, value]) =>
      secrets.includes(key) && value !== undefined && !value.includes('$') && value.length >= 3
        ? [value]
        : [],
    );
  });

describe('the CasaOS App Store sample: credentials', () => {
  it.each([
    ['LibreChat', 'CREDS_KEY', { kind: 'hex', bytes: 32 }],
    ['LibreChat', 'CREDS_IV', { kind: 'hex', bytes: 16 }],
    ['LibreChat', 'JWT_SECRET', { kind: 'hex', bytes: 32 }],
    ['RomM', 'ROMM_AUTH_SECRET_KEY', { kind: 'hex', bytes: 32 }],
    ['Maybe', 'SECRET_KEY_BASE', { kind: 'hex', bytes: 64 }],
    ['MariaDB', 'MYSQL_ROOT_PASSWORD', { kind: 'password', length: 32 }],
    ['Immich', 'DB_PASSWORD', { kind: 'password', length: 32 }],
    ['Dify', 'CODE_EXECUTION_API_KEY', { kind: 'password', length: 32 }],
  ])("%s's own %s is generated as %j", (app, name, format) => {
    expect(secretOf(app, name)).toMatchObject(format);
    expect(variableOf(app, name)).toBeUndefined();
  });

  it.each([
    ['DuckDNS', 'TOKEN'],
    ['Maybe', 'OPENAI_ACCESS_TOKEN'],
    ['LibreChat', 'OPENAI_API_KEY'],
    ['LibreChat', 'ANTHROPIC_API_KEY'],
    ['JDownloader2', 'MYJDOWNLOADER_PASSWORD'],
    ['NetBird', 'NB_SETUP_KEY'],
  ])("%s's %s, issued by another service, is a password the user types", (app, name) => {
    expect(variableOf(app, name)).toMatchObject({ type: 'password', required: true });
    expect(secretOf(app, name)).toBeUndefined();
  });

  it("wires Dify's sandbox key to the one its API uses: one generated secret", () => {
    const compose = byName('Dify').imported?.template.compose ?? '';
    expect(compose).not.toMatch(/API_KEY: dify-sandbox/);
    expect(compose.match(/API_KEY: \$\{CODE_EXECUTION_API_KEY\}/g)).toHaveLength(2);
    expect(compose).toContain('AUTHENTICATION_APIKEY_USERS: hello@dify.ai');
    expect(compose).toContain('command: redis-server --requirepass ${DB_PASSWORD}');
    expect(compose).toContain('AUTHENTICATION_APIKEY_ALLOWED_KEYS: ${WEAVIATE_API_KEY}');
    expect(secretOf('Dify', 'WEAVIATE_API_KEY')).toBeDefined();
  });

  it('leaves no default password in the notes once it is generated', () => {
    for (const { app, source, imported } of valid) {
      const manifest = imported?.template.manifest;
      const values = writtenSecrets(source, manifest?.secrets.map((s) => s.name) ?? []);
      for (const value of values) expect(manifest?.notes ?? '', app).not.toMatch(statedPassword(value));
    }
    expect(byName('Transmission').imported?.template.manifest.notes).toContain('the generated PASS');
  });
});

describe('the CasaOS App Store sample: settings', () => {
  it("asks for JDownloader's MyJDownloader account in CasaOS's words, the optional settings optional", () => {
    expect(variableOf('JDownloader2', 'MYJDOWNLOADER_EMAIL')).toEqual({
      name: 'MYJDOWNLOADER_EMAIL',
      label: 'Email address of the MyJDownloader account to use',
      description:
        'Email address of the MyJDownloader account to use. Note that this can also be configured via the JDownloader GUI.',
      type: 'text',
      required: false,
    });
    expect(variableOf('JDownloader2', 'MYJDOWNLOADER_PASSWORD')).toMatchObject({
      label: 'Password of the MyJDownloader account to use',
      type: 'password',
    });
    expect(variableOf('JDownloader2', 'JDOWNLOADER_HEADLESS')?.required).toBe(false);
  });
});
