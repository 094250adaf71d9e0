import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';
import { importedCompose } from './test-support';
import { importPortainerTemplates } from './import-portainer';
import { generateSecrets } from './secrets';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const imported = importedCompose;

describe('inferVariables: the type guessed from a default', () => {
  it('types a default as a URL only when a URL variable accepts it', () => {
    const { manifest, validation } = imported(
      [
        'services:',
        '  app:',
        '    image: nginx:1.27',
        '    environment:',
        '      SITE_URL: ${SITE_URL:-https://example.org/app}',
        '      PUBLIC_URL: ${PUBLIC_URL:-http://<your-ip>:8080}',
        '',
      ].join('\n'),
    );
    expect(validation.errors).toEqual([]);
    expect(manifest.variables.map((v) => [v.name, v.type])).toEqual([
      ['SITE_URL', 'url'],
      ['PUBLIC_URL', 'text'],
    ]);
  });
});

/** A variable the user types: a required password, with no default. */
const typedVariable = (name: string): unknown => ({
  name,
  label: expect.any(String) as unknown,
  type: 'password',
  required: true,
});
const reasonFor = (items: { subject: string; reason: string }[], subject: string) =>
  items.find((i) => i.subject === subject)?.reason ?? '';

describe('inferVariables: LibreChat', () => {
  const { manifest, validation, items } = imported(fixture('compose-librechat.yml'));

  it('generates its own keys in the format each needs, one secret per shared value', () => {
    expect(validation.errors).toEqual([]);
    expect(manifest.secrets).toEqual([
      { name: 'MEILI_MASTER_KEY', kind: 'password', length: 44 },
      { name: 'CREDS_KEY', kind: 'hex', bytes: 32 },
      { name: 'CREDS_IV', kind: 'hex', bytes: 16 },
      { name: 'JWT_SECRET', kind: 'hex', bytes: 32 },
      { name: 'JWT_REFRESH_SECRET', kind: 'hex', bytes: 32 },
    ]);
    const values = generateSecrets(manifest);
    expect(values.CREDS_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(values.CREDS_IV).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps each user_provided key a separate password the user types', () => {
    expect(manifest.variables).toEqual(
      ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_KEY', 'ASSISTANTS_API_KEY'].map((name) =>
        typedVariable(name),
      ),
    );
    const compose = report(fixture('compose-librechat.yml'));
    expect(compose).toContain('OPENAI_API_KEY: ${OPENAI_API_KEY}');
    expect(compose).toContain('GOOGLE_KEY: ${GOOGLE_KEY}');
    expect(compose).not.toContain('user_provided');
  });

  it('says in plain words what became of each credential', () => {
    expect(reasonFor(items, 'OPENAI_API_KEY')).toMatch(/^An API key of another service — you type it/);
    expect(reasonFor(items, 'GOOGLE_KEY')).toContain('another service (GOOGLE)');
    expect(reasonFor(items, 'CREDS_KEY')).toBe(
      "The app's own secret, generated for each deployment as 64 hex characters (32 random bytes), like the value written in the file; you can change its format in the template editor.",
    );
    expect(reasonFor(items, 'services.api.environment.OPENAI_API_KEY')).toContain('a password you type');
  });
});

/** The compose file an import stores. */
function report(compose: string): string {
  return importCompose(compose).templates[0]?.template.compose ?? '';
}

describe('inferVariables: credentials of other services', () => {
  it('asks for the Datadog API key instead of generating one', () => {
    const { manifest, items } = imported(
      [
        'services:',
        '  datadog:',
        '    image: gcr.io/datadoghq/agent:7',
        '    environment:',
        '      - DD_API_KEY=<YOUR_DATADOG_API_KEY>',
        '      - DD_SITE=datadoghq.com',
        '',
      ].join('\n'),
    );
    expect(manifest.secrets).toEqual([]);
    expect(manifest.variables).toEqual([typedVariable('DD_API_KEY')]);
    expect(reasonFor(items, 'DD_API_KEY')).toContain('you type it');
  });

  it("asks for DuckDNS's TOKEN (linuxserver/duckdns)", () => {
    const { manifest } = imported(
      [
        'services:',
        '  duckdns:',
        '    image: lscr.io/linuxserver/duckdns:latest',
        '    environment:',
        '      - TZ=Etc/UTC',
        '      - SUBDOMAINS=subdomain1,subdomain2',
        '      - TOKEN=token',
        '      - LOG_FILE=false',
        '',
      ].join('\n'),
    );
    expect(manifest.secrets).toEqual([]);
    expect(manifest.variables).toEqual([typedVariable('TOKEN')]);
  });

  it('asks for cloud, AI and licence credentials, written in or referenced', () => {
    const { manifest } = imported(
      [
        'services:',
        '  app:',
        '    image: example/app:1.0',
        '    environment:',
        '      OPENAI_ACCESS_TOKEN: sk-abcdefabcdefabcdefabcdef',
        '      CLOUDFLARE_API_TOKEN: ${CLOUDFLARE_API_TOKEN:-your-token-here}',
        '      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}',
        '      LICENSE_KEY: XXXX-XXXX-XXXX',
        '      OAUTH_CLIENT_SECRET: ${OAUTH_CLIENT_SECRET}',
        '',
      ].join('\n'),
    );
    expect(manifest.secrets).toEqual([]);
    expect(manifest.variables.map((v) => [v.name, v.type, v.required, v.default])).toEqual(
      ['OPENAI_ACCESS_TOKEN', 'CLOUDFLARE_API_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'LICENSE_KEY', 'OAUTH_CLIENT_SECRET'].map(
        (name) => [name, 'password', true, undefined],
      ),
    );
  });
});

describe('inferVariables: one credential, one variable', () => {
  it('keeps a key written in one service and referenced in another as one variable', () => {
    const { manifest } = imported(
      [
        'services:',
        '  api:',
        '    image: example/api:1.0',
        '    environment:',
        '      OPENAI_API_KEY: user_provided',
        '  rag:',
        '    image: example/rag:1.0',
        '    environment:',
        '      OPENAI_API_KEY: ${OPENAI_API_KEY}',
        '',
      ].join('\n'),
    );
    expect(manifest.variables).toEqual([typedVariable('OPENAI_API_KEY')]);
    expect(manifest.secrets).toEqual([]);
  });
});

describe('inferVariables: passwords left empty or as placeholders', () => {
  it('asks for the passwords Nextcloud leaves empty, one variable per key', () => {
    const { manifest, validation } = imported(fixture('compose-nextcloud.yml'));
    expect(validation.errors).toEqual([]);
    expect(manifest.secrets).toEqual([]);
    expect(manifest.variables).toEqual(
      ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'SMTP_PASSWORD'].map((name) =>
        typedVariable(name),
      ),
    );
    const compose = report(fixture('compose-nextcloud.yml'));
    expect(compose.match(/MYSQL_PASSWORD=\$\{MYSQL_PASSWORD\}/g)).toHaveLength(2);
  });

  it('asks for a password given as a placeholder, and generates a key given as one', () => {
    const { manifest, items } = imported(
      [
        'services:',
        '  app:',
        '    image: example/app:1.0',
        '    environment:',
        '      DB_PASSWORD: changeme',
        '      SESSION_SECRET: replace_me',
        '',
      ].join('\n'),
    );
    expect(manifest.variables).toEqual([typedVariable('DB_PASSWORD')]);
    expect(manifest.secrets).toEqual([{ name: 'SESSION_SECRET', kind: 'password', length: 32 }]);
    expect(reasonFor(items, 'DB_PASSWORD')).toContain('placeholder "changeme"');
  });
});

describe('inferVariables: the format of generated secrets', () => {
  it('reads authentik: the database password and secret key are generated, the mail password typed', () => {
    const { manifest, validation } = imported(fixture('compose-authentik.yml'));
    expect(validation.errors).toEqual([]);
    expect(manifest.secrets).toEqual([
      { name: 'PG_PASS', kind: 'password', length: 32 },
      { name: 'AUTHENTIK_SECRET_KEY', kind: 'password', length: 50 },
    ]);
    expect(manifest.variables).toContainEqual(typedVariable('AUTHENTIK_EMAIL__PASSWORD'));
  });

  it('follows the value written: base64 with its Laravel prefix, UUID, a long password', () => {
    const compose = [
      'services:',
      '  app:',
      '    image: example/app:1.0',
      '    environment:',
      '      APP_KEY: base64:3q2+7w0QyAk8lSZpcKH0v/kGq1PvM2a+8pKz1xOq9Xc=',
      '      INSTANCE_SECRET: 0b7c4f3e-9a1d-4c2e-8f6b-5d3a2e1c0b9f',
      '      ADMIN_PASSWORD: a-very-long-admin-password-written-by-hand',
      '',
    ].join('\n');
    const { manifest, validation } = imported(compose);
    expect(validation.errors).toEqual([]);
    expect(manifest.secrets).toEqual([
      { name: 'APP_KEY', kind: 'base64', bytes: 32 },
      { name: 'INSTANCE_SECRET', kind: 'uuid' },
      { name: 'ADMIN_PASSWORD', kind: 'password', length: 42 },
    ]);
    expect(report(compose)).toContain('APP_KEY: base64:${APP_KEY}');
  });

});

describe('inferVariables: formats from known names', () => {
  it('makes a Laravel key 32 characters when its base64: prefix cannot stay in the file', () => {
    const { manifest } = imported(
      [
        'services:',
        '  app:',
        '    image: example/app:1.0',
        '    environment:',
        '      APP_KEY: ${APP_KEY:-base64:3q2+7w0QyAk8lSZpcKH0v/kGq1PvM2a+8pKz1xOq9Xc=}',
        '',
      ].join('\n'),
    );
    expect(manifest.secrets).toEqual([{ name: 'APP_KEY', kind: 'password', length: 32 }]);
  });

  it('gives known names their format when the file has no value: CREDS_KEY, SECRET_KEY_BASE, APP_KEY', () => {
    const { manifest } = imported(
      [
        'services:',
        '  app:',
        '    image: example/app:1.0',
        '    environment:',
        '      - CREDS_KEY',
        '      - SECRET_KEY_BASE',
        '      - APP_KEY',
        '',
      ].join('\n'),
    );
    expect(manifest.secrets).toEqual([
      { name: 'CREDS_KEY', kind: 'hex', bytes: 32 },
      { name: 'SECRET_KEY_BASE', kind: 'hex', bytes: 64 },
      { name: 'APP_KEY', kind: 'password', length: 32 },
    ]);
  });
});

describe('inferVariables: what a Portainer template says about its variables', () => {
  it("keeps Portainer's label on a typed key and reads the format from its default", () => {
    const template = {
      type: 1,
      title: 'Agent',
      description: 'A monitoring agent.',
      image: 'example/agent:1.0',
      env: [
        { name: 'DD_API_KEY', label: 'Datadog API key' },
        { name: 'SECRET_KEY', label: 'Secret key', default: 'ab'.repeat(32) },
      ],
    };
    const report = importPortainerTemplates(JSON.stringify({ version: '2', templates: [template] }));
    const manifest = report.templates[0]?.template.manifest;
    expect(manifest?.variables).toEqual([
      { name: 'DD_API_KEY', label: 'Datadog API key', type: 'password', required: true },
    ]);
    expect(manifest?.secrets).toEqual([{ name: 'SECRET_KEY', kind: 'hex', bytes: 32 }]);
  });
});
