/**
 * The OS keychain store against a real Secret Service (gnome-keyring started by tests/rig/with-keyring.sh).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';

const run = promisify(execFile);
const service = `hoster-test-${randomUUID()}`;
const store = createKeyringSecretStore(service);
const account = `ssh-key:${randomUUID()}`;

describe('keyring secret store (Secret Service)', () => {
  afterAll(async () => {
    await store.delete(account).catch(() => undefined);
  });

  it('reports the keychain reachable', async () => {
    const status = await store.status();
    expect(status).toEqual({ reachable: true, backend: 'Secret Service' });
  });

  it('returns null for a secret never set', async () => {
    expect(await store.get(`missing:${randomUUID()}`)).toBeNull();
  });

  it('sets, reads back, overwrites and deletes a secret', async () => {
    const secret = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomUUID()}\n-----END OPENSSH PRIVATE KEY-----\n`;
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);

    await store.set(account, 'second value');
    expect(await store.get(account)).toBe('second value');

    await store.delete(account);
    expect(await store.get(account)).toBeNull();
  });

  it('keeps secrets of different services apart', async () => {
    const other = createKeyringSecretStore(`${service}-other`);
    await store.set(account, 'mine');
    try {
      expect(await other.get(account)).toBeNull();
      expect(await store.get(account)).toBe('mine');
    } finally {
      await store.delete(account);
    }
  });

  it('stores in the real Secret Service (visible to secret-tool)', async () => {
    const value = `visible-${randomUUID()}`;
    await store.set(account, value);
    try {
      // @napi-rs/keyring (keyring-rs) tags items with the attributes service and username.
      const { stdout } = await run('secret-tool', ['lookup', 'service', service, 'username', account], {
        timeout: 10_000,
      });
      expect(stdout).toBe(value);
    } finally {
      await store.delete(account);
    }
  });
});
