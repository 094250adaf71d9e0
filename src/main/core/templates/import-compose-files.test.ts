import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';
import { decideCredential } from './import-credentials';

const isTyped = (name: string) => decideCredential(name.toUpperCase().replace(/-/g, '_'), undefined).role === 'typed';

const COMPOSE = [
  'services:',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD_FILE: /run/secrets/db-password',
  '    secrets: [db-password]',
  '  app:',
  '    image: ghcr.io/acme/shop:2',
  '    ports: ["3000"]',
  '    secrets:',
  '      - db-password',
  '      - source: stripe_api_key',
  '        target: stripe.key',
  '        mode: 0440',
  '      - source: from_env',
  '        target: /etc/shop/token',
  '    configs:',
  '      - source: shop_conf',
  '        target: /etc/shop/shop.conf',
  '      - nginx_conf',
  'secrets:',
  '  db-password:',
  '    file: ./db/password.txt',
  '  stripe_api_key:',
  '    file: ./stripe.txt',
  '  from_env:',
  '    environment: SHOP_TOKEN',
  'configs:',
  '  shop_conf:',
  '    content: |',
  '      listen = 3000',
  '      db = postgres://db/shop',
  '  nginx_conf:',
  '    file: ./nginx.conf',
  '',
].join('\n');

const report = importCompose(COMPOSE, { fileName: 'shop/compose.yaml' });
const template = report.templates[0];
const manifest = template?.template.manifest;

describe('importCompose: compose secrets', () => {
  it('imports a file with secrets and configs as a valid template, with no compose secrets left', () => {
    expect(report.errors).toEqual([]);
    expect(template?.report.errors).toEqual([]);
    expect(template?.template.compose).not.toMatch(/secrets:|configs:/);
  });

  it('makes the app’s own secret a generated secret, written where compose mounts it in each service', () => {
    expect(manifest?.secrets).toEqual([
      expect.objectContaining({ name: 'DB_PASSWORD', kind: 'password', length: 32 }),
    ]);
    const files = manifest?.config_files.filter((f) => f.content === '${DB_PASSWORD}');
    expect(files?.map((f) => `${f.service} ${f.path} ${f.mode}`)).toEqual([
      'db /run/secrets/db-password 0444',
      'app /run/secrets/db-password 0444',
    ]);
  });

  it('makes a credential for another service, or one from the environment, a password the user types', () => {
    expect(manifest?.variables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'STRIPE_API_KEY', type: 'password', required: true }),
        expect.objectContaining({ name: 'SHOP_TOKEN', type: 'password', required: true }),
      ]),
    );
    expect(manifest?.config_files).toEqual(
      expect.arrayContaining([
        { service: 'app', path: '/run/secrets/stripe.key', content: '${STRIPE_API_KEY}', mode: '0440' },
        { service: 'app', path: '/etc/shop/token', content: '${SHOP_TOKEN}', mode: '0444' },
      ]),
    );
  });

  it('tells credentials for other services from the app’s own secrets by the rule environment values follow', () => {
    expect(['openai_api_key', 'LICENSE', 'smtp_password', 'github-token'].map(isTyped)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['db_password', 'jwt_token', 'secret_key', 'session_secret'].map(isTyped)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('importCompose: compose configs', () => {
  it('writes an inline config with its content at its target', () => {
    expect(manifest?.config_files).toContainEqual({
      service: 'app',
      path: '/etc/shop/shop.conf',
      content: 'listen = 3000\ndb = postgres://db/shop\n',
      mode: '0444',
    });
  });

  it('makes a config whose file the import lacks a required value the user fills in, never an empty volume', () => {
    expect(manifest?.config_files).toContainEqual({
      service: 'app',
      path: '/nginx_conf',
      content: '${NGINX_CONF}',
      mode: '0444',
    });
    expect(manifest?.variables).toContainEqual(
      expect.objectContaining({ name: 'NGINX_CONF', label: 'Content of ./nginx.conf', required: true }),
    );
    expect(template?.report.compose?.volumes).toEqual([]);
  });

  it('reports each conversion as changed, with where the file goes', () => {
    const changed = report.items.filter((i) => i.action === 'changed' && /secrets|configs/.test(i.subject));
    expect(changed.map((i) => i.subject)).toEqual([
      'services.db.secrets[0]',
      'services.app.secrets[0]',
      'services.app.secrets[1]',
      'services.app.secrets[2]',
      'services.app.configs[0]',
      'services.app.configs[1]',
    ]);
    expect(changed[2]?.reason).toContain('/run/secrets/stripe.key');
  });
});

describe('importCompose: secrets it cannot convert', () => {
  it('refuses an external secret, saying what to do, and leaves it for validation to name', () => {
    const result = importCompose(
      'services:\n  app:\n    image: nginx\n    secrets: [vault]\nsecrets:\n  vault:\n    external: true\n',
    );
    const refused = result.items.filter((i) => i.action === 'refused');
    expect(refused.map((i) => i.subject)).toEqual(['services.app.secrets[0]', 'secrets.vault']);
    expect(refused[0]?.reason).toContain('declare it as a secret or variable in the editor');
    expect(result.templates[0]?.report.errors.map((e) => e.path)).toEqual([
      'services.app.secrets',
      'secrets',
    ]);
  });

  it('removes a declared secret no service uses', () => {
    const result = importCompose('services:\n  app:\n    image: nginx\nsecrets:\n  spare:\n    file: ./x\n');
    expect(result.templates[0]?.report.errors).toEqual([]);
    expect(result.items).toContainEqual(
      expect.objectContaining({ action: 'changed', subject: 'secrets.spare' }),
    );
  });
});

describe('importCompose: what compose fills in and who owns the files', () => {
  const result = importCompose(
    [
      'services:',
      '  proxy:',
      '    image: nginx:1.27',
      '    configs:',
      '      - source: site',
      '        target: /etc/nginx/conf.d/site.conf',
      '    secrets:',
      '      - source: cert_key',
      '        uid: "101"',
      '        mode: 0400',
      'configs:',
      '  site:',
      '    content: |',
      '      server { listen ${PORT:-8080}; server_name ${SITE}; location / { proxy_pass http://$$host; return 200 $uri; } }',
      'secrets:',
      '  cert_key:',
      '    file: ./key.pem',
      '',
    ].join('\n'),
  );
  const manifest = result.templates[0]?.template.manifest;
  const fileAt = (path: string) => manifest?.config_files.find((f) => f.path === path);

  it('declares the variables compose would fill in inline content, keeping their defaults', () => {
    expect(result.templates[0]?.report.errors).toEqual([]);
    expect(manifest?.variables).toEqual([
      expect.objectContaining({ name: 'PORT', default: '8080', required: false }),
      expect.objectContaining({ name: 'SITE', required: true }),
    ]);
    expect(fileAt('/etc/nginx/conf.d/site.conf')?.content).toContain('return 200 $uri;');
  });

  it('makes a file meant for a non-root user readable by everyone, and says so', () => {
    expect(fileAt('/run/secrets/cert_key')?.mode).toBe('0444');
    const item = result.items.find((i) => i.subject === 'services.proxy.secrets[0]');
    expect(item?.reason).toContain('readable by everyone');
  });
});
