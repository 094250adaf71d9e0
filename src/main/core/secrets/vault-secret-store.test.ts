import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { createVaultSecretStore, openVault, sealVault } from './vault-secret-store';

// Small scrypt cost so the suite stays fast; the default cost is exercised by the integration suite.
const fast = { N: 2 ** 12, r: 8, p: 1 };

describe('vault crypto', () => {
  it('round-trips entries and refuses a wrong key or a changed byte', () => {
    const key = randomBytes(32);
    const sealed = sealVault({ 'ssh-key:1': 'secret value' }, key, randomBytes(16), fast);
    expect(openVault(sealed, key)).toEqual({ 'ssh-key:1': 'secret value' });
    expect(() => openVault(sealed, randomBytes(32))).toThrow();
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    expect(() => openVault({ ...sealed, data: data.toString('base64') }, key)).toThrow();
  });

  it('uses a fresh IV for every seal', () => {
    const key = randomBytes(32);
    const salt = randomBytes(16);
    expect(sealVault({}, key, salt, fast).iv).not.toBe(sealVault({}, key, salt, fast).iv);
  });
});

describe('createVaultSecretStore', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));
  const vaultFile = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'vault.json');
  };

  it('keeps secrets only in ciphertext on disk, readable again after unlock with the passphrase', async () => {
    const file = vaultFile();
    const vault = createVaultSecretStore(file, fast);
    await expect(vault.get('a')).rejects.toMatchObject({ code: 'vault_locked' });
    await vault.create('correct horse battery');
    await vault.set('ssh-key:1', '-----BEGIN OPENSSH PRIVATE KEY----- very secret');
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(onDisk).not.toContain('very secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    vault.lock();
    expect(vault.isUnlocked()).toBe(false);
    await expect(vault.get('ssh-key:1')).rejects.toMatchObject({ code: 'vault_locked' });

    const reopened = createVaultSecretStore(file, fast);
    await expect(reopened.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'invalid_input', field: 'passphrase' });
    await reopened.unlock('correct horse battery');
    expect(await reopened.get('ssh-key:1')).toBe('-----BEGIN OPENSSH PRIVATE KEY----- very secret');
    await reopened.delete('ssh-key:1');
    expect(await reopened.get('ssh-key:1')).toBeNull();
  });

  it('refuses to create a second vault over an existing one, and to read a file that is not a vault', async () => {
    const file = vaultFile();
    await createVaultSecretStore(file, fast).create('passphrase one');
    await expect(createVaultSecretStore(file, fast).create('passphrase two')).rejects.toMatchObject({ code: 'conflict' });
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    await expect(createVaultSecretStore(file, fast).unlock('passphrase one')).rejects.toMatchObject({ code: 'unsupported' });
  });
});
