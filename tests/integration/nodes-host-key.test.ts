/**
 * Trust on first use against a private sshd on 127.0.0.4: a changed host key is refused during key
 * exchange (no authentication attempt, no session in sshd's own log), both fingerprints are shown,
 * and only an explicit re-pin lets the node back in. A wrong client key fails once, not in a loop.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { findLeaks } from '../helpers/find-leaks';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const clientKey = readFileSync(rig.clientKey.privateKeyPath, 'utf8');
const wrongKey = readFileSync(rig.wrongKey.privateKeyPath, 'utf8');
const dir = makeTempDir('hoster-sshd-');
let sshd: TestSshd;
let t: TestCore;

/** What sshd logs once a client gets past key exchange: an auth attempt or a session. */
const afterKeyExchange =
  /Accepted publickey|Failed publickey|userauth-request|session_new|Starting session|server_input_channel_open/;

beforeAll(async () => {
  // A second address for the same server, to test what an edited address does to the pin.
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.4',
    authorizedKeys: [rig.clientKey.publicKey],
    extraConfig: 'ListenAddress 127.0.0.14',
  });
  t = createTestCore();
});

afterAll(async () => {
  await t.close();
  await sshd.stop();
  dir.remove();
});

describe('host keys', () => {
  let nodeId = '';
  let firstFingerprint = '';

  it('pins the fingerprint the user accepted and connects', async () => {
    const key = await t.call('keys:import', { name: 'client', privateKey: clientKey });
    const scan = await t.call('nodes:scan-host-key', { host: sshd.host, port: sshd.port });
    firstFingerprint = sshd.hostKeyFingerprint();
    expect(scan.fingerprint).toBe(firstFingerprint);
    const { node, test } = await t.call('nodes:add', {
      name: 'swappable',
      host: sshd.host,
      port: sshd.port,
      user: 'root',
      keyId: key.id,
      dockerSocket: rig.dockerSocket,
      hostKeyFingerprint: scan.fingerprint,
    });
    nodeId = node.id;
    expect(test.status).toBe('online');
  });

  it('refuses a changed host key before authenticating, runs nothing, and shows both fingerprints', async () => {
    await sshd.stop();
    await sshd.start({ newHostKey: true });
    const secondFingerprint = sshd.hostKeyFingerprint();
    expect(secondFingerprint).not.toBe(firstFingerprint);
    sshd.markLog();

    const test = await t.call('nodes:test', { id: nodeId });
    expect(test.status).toBe('offline');
    expect(test.error).toMatchObject({
      code: 'host_key_mismatch',
      details: { expected: firstFingerprint, presented: secondFingerprint },
    });
    expect(test.error?.message).toContain(firstFingerprint);
    expect(test.error?.message).toContain(secondFingerprint);
    expect(test.steps.find((s) => s.name === 'hostKey')?.status).toBe('failed');
    expect(test.steps.find((s) => s.name === 'auth')?.status).toBe('skipped');

    await expect(t.core.nodeConnections.exec(nodeId, 'touch /tmp/should-not-exist')).rejects.toMatchObject({
      code: 'host_key_mismatch',
    });
    const log = sshd.logSinceMark();
    expect(log).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log).not.toMatch(afterKeyExchange);
    expect((await t.call('nodes:get', { id: nodeId })).lastError?.code).toBe('host_key_mismatch');
  });

  it('lets the node back in only after an explicit re-pin', async () => {
    const node = await t.call('nodes:pin-host-key', { id: nodeId, fingerprint: sshd.hostKeyFingerprint() });
    expect(node.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint());
    expect((await t.call('nodes:test', { id: nodeId })).status).toBe('online');
  });

  it('forgets the pin when the address changes: no command runs on an unpinned host', async () => {
    const node = await t.call('nodes:update', { id: nodeId, host: '127.0.0.14' });
    expect(node.hostKeyFingerprint).toBeNull();
    sshd.markLog();
    await expect(t.core.nodeConnections.exec(nodeId, 'true')).rejects.toMatchObject({
      code: 'host_key_unknown',
    });
    expect(sshd.logSinceMark()).not.toMatch(afterKeyExchange);
    await t.call('nodes:update', { id: nodeId, host: sshd.host });
  });

  it('tries a refused key exactly once, says what to do, and does not retry on its own', async () => {
    const wrong = await t.call('keys:import', { name: 'not authorized', privateKey: wrongKey });
    await t.call('nodes:pin-host-key', { id: nodeId, fingerprint: sshd.hostKeyFingerprint() });
    await t.call('nodes:update', { id: nodeId, keyId: wrong.id });
    // The check an edit starts by itself comes first; count from after it.
    await expect
      .poll(async () => (await t.call('nodes:get', { id: nodeId })).lastError?.code, { timeout: 10_000 })
      .toBe('auth_failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    sshd.markLog();
    const test = await t.call('nodes:test', { id: nodeId });
    expect(test.error?.code).toBe('auth_failed');
    expect(test.error?.message).toMatch(/authorized_keys/);
    expect(test.steps.find((s) => s.name === 'auth')?.status).toBe('failed');
    await t.call('nodes:check-all', {});
    await t.call('nodes:check-all', {});
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const failures = sshd.logSinceMark().match(/Failed publickey for root/g) ?? [];
    expect(failures).toHaveLength(1);
    expect(sshd.logSinceMark()).not.toMatch(/Accepted publickey/);
    expect((await t.call('nodes:get', { id: nodeId })).lastError?.code).toBe('auth_failed');
  });

  it('never put a private key in the database, the logs, an answer or an event', () => {
    expect(findLeaks(t, [clientKey, wrongKey])).toEqual([]);
  });
});
