import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../../tests/helpers/memory-secret-store';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { systemClock } from '../clock';
import { openDatabase } from '../db/database';
import { migrations } from '../db/migrations';
import { createEventBus } from '../events/event-bus';
import { sshUtils } from '../ssh/ssh2-utils';
import { createKeyRepository } from './key-repository';
import { createKeyService, keyAccount } from './key-service';

describe('key service', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  const setup = () => {
    const dir = makeTempDir();
    const { db } = openDatabase(join(dir.path, 'hoster.db'), migrations);
    cleanups.push(() => {
      db.close();
      dir.remove();
    });
    const secrets = createMemorySecretStore();
    const events = createEventBus();
    return { db, secrets, events, keys: createKeyService({ repository: createKeyRepository(db, () => []), secrets, clock: systemClock, events }) };
  };

  it('decrypts an encrypted key once and serves it from memory until told to forget', async () => {
    const { keys } = setup();
    const encrypted = sshUtils.generateKeyPairSync('ed25519', { passphrase: 'pw', cipher: 'aes256-ctr', rounds: 16 }).private;
    const key = await keys.import('encrypted', encrypted, 'pw');
    const first = await keys.parsedKey(key.id);
    expect(await keys.parsedKey(key.id)).toBe(first);
    keys.forgetParsedKeys();
    const again = await keys.parsedKey(key.id);
    expect(again).not.toBe(first);
    expect(again.getPublicSSH().equals(first.getPublicSSH())).toBe(true);
  });

  it('keeps the private half in the secret store only; importing it again gives back the stored key', async () => {
    const { keys, secrets, db } = setup();
    const key = await keys.generate('laptop', 'ed25519');
    expect(secrets.entries.get(keyAccount(key.id))).toContain('OPENSSH PRIVATE KEY');
    const row = JSON.stringify(db.prepare('SELECT * FROM ssh_keys').all());
    expect(row).not.toContain('PRIVATE');
    expect(row).toContain(key.fingerprint);
    const stored = JSON.parse(secrets.entries.get(keyAccount(key.id))!) as { privateKey: string };
    secrets.entries.clear();
    const again = await keys.import('again', stored.privateKey);
    expect(again).toMatchObject({ id: key.id, name: 'laptop' });
    expect(secrets.entries.get(keyAccount(key.id))).toContain('OPENSSH PRIVATE KEY');
    expect(keys.list()).toHaveLength(1);
    await keys.delete(key.id);
    expect(secrets.entries.size).toBe(0);
    await expect(keys.parsedKey(key.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
