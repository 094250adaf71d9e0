import { describe, expect, it } from 'vitest';
import { decideCredential, formatFromDescription } from './import-credentials';

/** Names from public compose files, each with what the app means by it. */
const TYPED: [string, string | undefined][] = [
  ['ANTHROPIC_API_KEY', 'user_provided'],
  ['OPENAI_ACCESS_TOKEN', undefined],
  ['DD_API_KEY', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'],
  ['CLOUDFLARE_API_TOKEN', undefined],
  ['TUNNEL_TOKEN', undefined],
  ['TS_AUTHKEY', 'tskey-auth-xxxxx'],
  ['TELEGRAM_BOT_TOKEN', undefined],
  ['GITHUB_TOKEN', undefined],
  ['AWS_SECRET_ACCESS_KEY', undefined],
  ['SMTP_PASSWORD', 'mailpass'],
  ['EMAIL_HOST_PASSWORD', undefined],
  ['WIREGUARD_PRIVATE_KEY', undefined],
  ['OAUTH2_PROXY_CLIENT_SECRET', undefined],
  ['LICENSE_KEY', undefined],
  ['POSTGRES_PASSWORD', 'changeme'],
  ['ADMIN_PASSWORD', '<your password>'],
  ['DB_PASS', ''],
  ['MYJDOWNLOADER_PASSWORD', undefined],
  ['NB_SETUP_KEY', ''],
  ['STEAMGRIDDB_API_KEY', undefined],
];

const GENERATED: [string, string | undefined, unknown][] = [
  ['ADMIN_TOKEN', undefined, { kind: 'password', length: 32 }],
  ['POSTGRES_PASSWORD', 'postgres', { kind: 'password', length: 32 }],
  ['MEILI_MASTER_KEY', undefined, { kind: 'password', length: 32 }],
  ['OAUTH2_PROXY_COOKIE_SECRET', undefined, { kind: 'password', length: 32 }],
  ['NEXTAUTH_SECRET', undefined, { kind: 'base64', bytes: 32 }],
  ['SECRET_KEY_BASE', undefined, { kind: 'hex', bytes: 64 }],
  ['JWT_SECRET', 'replace_me', { kind: 'hex', bytes: 32 }],
  ['ENCRYPTION_KEY', 'c2VjcmV0LWtleS1vZi0yNC1ieXRlcyE=', { kind: 'base64', bytes: 23 }],
  ['SESSION_SECRET', '5f2b8c1e-7d4a-4e3b-9c6f-1a2b3c4d5e6f', { kind: 'uuid' }],
  ['SECRET_KEY', undefined, { kind: 'password', length: 50 }],
];

describe('decideCredential', () => {
  it.each(TYPED)('%s (written as %j) is a credential the user types', (name, value) => {
    const decision = decideCredential(name, value);
    expect(decision.role).toBe('typed');
    expect(decision.reason).toMatch(/you type it when you deploy; it is kept in the keychain/);
  });

  it.each(GENERATED)('%s (written as %j) is generated as %j', (name, value, format) => {
    const decision = decideCredential(name, value);
    expect(decision).toMatchObject({ role: 'generated', secret: { name, ...(format as object) } });
    expect(decision.reason).toMatch(/^The app's own secret, generated for each deployment as /);
  });

  it('never makes a password shorter than the one written', () => {
    const decision = decideCredential('ADMIN_PASSWORD', 'correct-horse-battery-staple-and-more!');
    expect(decision).toMatchObject({ secret: { kind: 'password', length: 38 } });
  });
});

describe('formatFromDescription', () => {
  it('takes the format of the openssl command a description gives (RomM)', () => {
    const secret = { name: 'ROMM_AUTH_SECRET_KEY', kind: 'password', length: 50 } as const;
    expect(formatFromDescription(secret, 'Generate a key with `openssl rand -hex 32`')).toEqual({
      name: 'ROMM_AUTH_SECRET_KEY',
      kind: 'hex',
      bytes: 32,
    });
    expect(formatFromDescription(secret, 'Make one with openssl rand -base64 48.')).toMatchObject({
      kind: 'base64',
      bytes: 48,
    });
    expect(formatFromDescription(secret, 'Authentication secret key')).toBeNull();
  });
});
