import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../../tests/helpers/memory-secret-store';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { createPresenceCheck, type OsPresence } from './presence';
import { createSecretBackend } from './secret-backend';
import type { SecretStore } from './secret-store';
import { createVaultSecretStore } from './vault-secret-store';

// Small scrypt cost so the suite stays fast; the default cost runs in tests/integration/credentials.test.ts.
const fast = { N: 2 ** 12, r: 8, p: 1 };
const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

function backendOver(keychain: SecretStore) {
  const dir = makeTempDir('presence-');
  dirs.push(dir);
  return createSecretBackend(keychain, createVaultSecretStore(join(dir.path, 'vault.json'), fast));
}

const unreachable: SecretStore = {
  ...createMemorySecretStore(),
  status: () => Promise.resolve({ reachable: false, backend: 'none', error: 'no keychain' }),
};

describe('presence with a reveal passphrase (keychain, no OS prompt)', () => {
  const keychain = createMemorySecretStore();
  const check = createPresenceCheck({ backend: backendOver(keychain), store: keychain, scryptParams: fast });

  it('asks for one to be set first, then refuses a wrong one and accepts the right one', async () => {
    expect(await check.status()).toEqual({ method: 'reveal-passphrase', isPassphraseSet: false });
    await expect(check.confirm('reveal X', 'anything at all')).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'Not revealed: set a reveal passphrase first.',
    });
    expect(await check.setPassphrase('first passphrase', undefined)).toEqual({
      method: 'reveal-passphrase',
      isPassphraseSet: true,
    });
    const stored = [...keychain.entries.values()].join('\n');
    expect(stored).not.toContain('first passphrase');
    expect(JSON.parse(keychain.entries.get('reveal-passphrase') ?? '{}')).toMatchObject({ N: fast.N });
    await expect(check.confirm('reveal X', 'wrong passphrase')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(check.confirm('reveal X', undefined)).rejects.toMatchObject({
      message: 'Not revealed: type your reveal passphrase.',
    });
    await expect(check.confirm('reveal X', 'first passphrase')).resolves.toBeUndefined();
  });

  it('changes it only given the current one', async () => {
    await expect(check.setPassphrase('second passphrase', 'not the current')).rejects.toMatchObject({
      code: 'unauthorized',
      field: 'current',
    });
    await check.setPassphrase('second passphrase', 'first passphrase');
    await expect(check.confirm('reveal X', 'first passphrase')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(check.confirm('reveal X', 'second passphrase')).resolves.toBeUndefined();
  });
});

describe('presence with the vault', () => {
  it('takes the vault passphrase and refuses to set another one', async () => {
    const backend = backendOver(unreachable);
    await backend.createVault('vault passphrase');
    const check = createPresenceCheck({ backend, store: backend.store, scryptParams: fast });
    expect(await check.status()).toEqual({ method: 'vault-passphrase', isPassphraseSet: false });
    await expect(check.confirm('reveal X', 'not the vault one')).rejects.toMatchObject({
      message: 'Not revealed: that is not the vault passphrase.',
    });
    await expect(check.confirm('reveal X', 'vault passphrase')).resolves.toBeUndefined();
    expect((await backend.status()).vault.isUnlocked).toBe(true);
    await expect(check.setPassphrase('another passphrase', undefined)).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});

describe('presence through the OS prompt', () => {
  const os = (canAsk: boolean, answer: boolean) => {
    const reasons: string[] = [];
    const presence: OsPresence = {
      canAsk: () => canAsk,
      ask: (reason) => {
        reasons.push(reason);
        return Promise.resolve(answer);
      },
    };
    return { presence, reasons };
  };
  const keychain = createMemorySecretStore();

  it('asks the OS with the reason and ignores any passphrase', async () => {
    const { presence, reasons } = os(true, true);
    const check = createPresenceCheck({ os: presence, backend: backendOver(keychain), store: keychain });
    expect(await check.status()).toEqual({ method: 'os', isPassphraseSet: false });
    await expect(check.confirm('reveal API_TOKEN of web', undefined)).resolves.toBeUndefined();
    expect(reasons).toEqual(['reveal API_TOKEN of web']);
  });

  it('refuses when the prompt is declined', async () => {
    const { presence } = os(true, false);
    const check = createPresenceCheck({ os: presence, backend: backendOver(keychain), store: keychain });
    await expect(check.confirm('reveal X', 'a passphrase')).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'Not revealed: the system prompt was declined.',
    });
  });

  it('falls back to a passphrase where the OS cannot ask', async () => {
    const { presence, reasons } = os(false, true);
    const check = createPresenceCheck({ os: presence, backend: backendOver(keychain), store: keychain });
    expect((await check.status()).method).toBe('reveal-passphrase');
    await expect(check.confirm('reveal X', 'whatever')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(reasons).toEqual([]);
  });
});
