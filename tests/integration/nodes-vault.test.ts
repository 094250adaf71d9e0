/**
 * Where no OS keychain answers (a headless server in browser mode), keys go into the passphrase
 * vault, never into plaintext: locked until the user creates or unlocks it, and decrypted keys are
 * forgotten when it locks. The keychain here is a stand-in that answers nothing, as on such a server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/result';
import type { SecretStore } from '../../src/main/core/secrets/secret-store';
import { findLeaks } from '../helpers/find-leaks';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const node1 = rig.nodes[0]!;
const clientKey = readFileSync(rig.clientKey.privateKeyPath, 'utf8');
const passphrase = 'a long vault passphrase';

const noKeychain: SecretStore = {
  get: () => Promise.reject(new AppError('keychain_unavailable', 'No Secret Service on this machine.')),
  set: () => Promise.reject(new AppError('keychain_unavailable', 'No Secret Service on this machine.')),
  delete: () => Promise.reject(new AppError('keychain_unavailable', 'No Secret Service on this machine.')),
  status: () =>
    Promise.resolve({
      reachable: false,
      backend: 'Secret Service',
      error: 'No Secret Service on this machine.',
    }),
};

const data = makeTempDir('hoster-vault-');
const cores: TestCore[] = [];
const open = () => {
  const t = createTestCore({ secrets: noKeychain, dataDir: data.path });
  cores.push(t);
  return t;
};

afterAll(async () => {
  for (const t of cores) await t.close().catch(() => undefined);
  data.remove();
});

describe('the vault', () => {
  let nodeId = '';

  it('says plainly that no keychain answers and refuses to store a key until a vault exists', async () => {
    const t = open();
    expect(await t.call('vault:status', {})).toMatchObject({
      backend: 'vault',
      keychain: { reachable: false },
      vault: { exists: false, isUnlocked: false },
    });
    const refused = await t.fail('keys:generate', { name: 'nowhere to go' });
    expect(refused.code).toBe('vault_locked');
    expect(refused.message).toMatch(/Create a vault/);
  });

  it('keeps keys encrypted in the vault file and uses them for nodes', async () => {
    const t = cores[0]!;
    expect((await t.call('vault:create', { passphrase })).vault).toMatchObject({
      exists: true,
      isUnlocked: true,
    });
    const key = await t.call('keys:import', { name: 'client', privateKey: clientKey });
    const { node, test } = await t.call('nodes:add', {
      name: 'vaulted',
      host: node1.host,
      port: node1.port,
      user: 'root',
      keyId: key.id,
      dockerSocket: node1.dockerSocket,
      hostKeyFingerprint: node1.hostKeyFingerprint,
    });
    nodeId = node.id;
    expect(test.status).toBe('online');
    const file = readFileSync(join(t.dataDir, 'vault.json'), 'utf8');
    expect(file).toContain('aes-256-gcm');
    expect(findLeaks({ transcript: () => file, databaseText: () => '' }, [clientKey])).toEqual([]);
  });

  it('forgets decrypted keys on lock: a new connection needs the vault unlocked again', async () => {
    const t = cores[0]!;
    await t.call('vault:lock', {});
    await t.call('nodes:update', { id: nodeId, name: 'vaulted again' });
    const test = await t.call('nodes:test', { id: nodeId });
    expect(test.error?.code).toBe('vault_locked');
    expect(test.steps.find((s) => s.name === 'auth')?.status).toBe('failed');
    expect((await t.fail('vault:unlock', { passphrase: 'not it' })).field).toBe('passphrase');
    await t.call('vault:unlock', { passphrase });
    expect((await t.call('nodes:test', { id: nodeId })).status).toBe('online');
  });

  it('opens the same vault after a restart, locked until the passphrase is typed', async () => {
    await cores[0]!.close();
    const t = open();
    expect((await t.call('vault:status', {})).vault).toMatchObject({ exists: true, isUnlocked: false });
    expect((await t.call('nodes:test', { id: nodeId })).error?.code).toBe('vault_locked');
    await t.call('vault:unlock', { passphrase });
    expect((await t.call('nodes:test', { id: nodeId })).status).toBe('online');
    expect(findLeaks(t, [clientKey, passphrase])).toEqual([]);
    expect(findLeaks(cores[0]!, [clientKey])).toEqual([]);
  });
});
