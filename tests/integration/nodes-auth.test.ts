/**
 * The ways to log in and to get there: an encrypted key with its passphrase (kept in the keychain),
 * the user's own ssh-agent (Debian's ssh-agent, started and stopped here by pid), and ProxyJump
 * through the rig's second node to the first.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { findLeaks } from '../helpers/find-leaks';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const run = promisify(execFile);
const rig = loadRig();
const node1 = rig.nodes[0]!;
const node2 = rig.nodes[1]!;
const dir = makeTempDir('hoster-auth-');
const passphrase = `pass ${Math.random().toString(36).slice(2)} phrase`;
const encryptedKeyFile = join(dir.path, 'encrypted_ed25519');
execFileSync('ssh-keygen', [
  '-q',
  '-t',
  'ed25519',
  '-N',
  passphrase,
  '-C',
  'encrypted',
  '-f',
  encryptedKeyFile,
]);
const encryptedKey = readFileSync(encryptedKeyFile, 'utf8');
const clientKey = readFileSync(rig.clientKey.privateKeyPath, 'utf8');
const agentSocket = join(dir.path, 'agent.sock');

let sshd: TestSshd;
let agent: ChildProcess;
let t: TestCore;

beforeAll(async () => {
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.5',
    authorizedKeys: [readFileSync(`${encryptedKeyFile}.pub`, 'utf8').trim(), rig.clientKey.publicKey],
  });
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!existsSync(agentSocket) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await run('ssh-add', [rig.clientKey.privateKeyPath], {
    env: { ...process.env, SSH_AUTH_SOCK: agentSocket },
    timeout: 10_000,
  });
  t = createTestCore({ agentSocket: () => agentSocket });
});

afterAll(async () => {
  await t.close();
  agent.kill('SIGTERM');
  await sshd.stop();
  dir.remove();
});

const trusted = async (host: string, port: number) =>
  (await t.call('nodes:scan-host-key', { host, port })).fingerprint;

describe('logging in', () => {
  it('imports an encrypted key only with its passphrase and logs in with it', async () => {
    expect((await t.fail('keys:import', { name: 'encrypted', privateKey: encryptedKey })).field).toBe(
      'passphrase',
    );
    expect(
      (await t.fail('keys:import', { name: 'encrypted', privateKey: encryptedKey, passphrase: 'wrong' }))
        .message,
    ).toMatch(/does not decrypt/);
    const key = await t.call('keys:import', { name: 'encrypted', privateKey: encryptedKey, passphrase });
    expect(key.isEncrypted).toBe(true);
    const { test, node } = await t.call('nodes:add', {
      name: 'with passphrase',
      host: sshd.host,
      port: sshd.port,
      user: 'root',
      keyId: key.id,
      dockerSocket: rig.dockerSocket,
      hostKeyFingerprint: await trusted(sshd.host, sshd.port),
    });
    expect(test.status).toBe('online');
    // A dropped connection logs in again with the key already decrypted in memory.
    await t.call('nodes:update', { id: node.id, name: 'with passphrase, renamed' });
    expect((await t.call('nodes:test', { id: node.id })).status).toBe('online');
    expect(sshd.logSinceMark().match(/Accepted publickey for root/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("logs in with the user's ssh-agent when the node says so", async () => {
    const { test } = await t.call('nodes:add', {
      name: 'with agent',
      host: node1.host,
      port: node1.port,
      user: 'root',
      auth: 'agent',
      dockerSocket: node1.dockerSocket,
      hostKeyFingerprint: await trusted(node1.host, node1.port),
    });
    expect(test.error).toBeNull();
    expect(test.steps.find((s) => s.name === 'auth')?.detail).toMatch(/ssh-agent/);
    expect(test.status).toBe('online');
  });

  it('reaches a node through a jump host: the TCP connection to the target comes from the jump host', async () => {
    const key = await t.call('keys:import', { name: 'client', privateKey: clientKey });
    const jump = await t.call('nodes:add', {
      name: 'jump',
      host: node2.host,
      port: node2.port,
      user: 'root',
      keyId: key.id,
      dockerSocket: node2.dockerSocket,
      hostKeyFingerprint: await trusted(node2.host, node2.port),
    });
    const scan = await t.call('nodes:scan-host-key', {
      host: node1.host,
      port: node1.port,
      jumpNodeId: jump.node.id,
    });
    expect(scan.fingerprint).toBe(node1.hostKeyFingerprint);
    const { node, test } = await t.call('nodes:add', {
      name: 'behind the jump',
      host: node1.host,
      port: node1.port,
      user: 'root',
      keyId: key.id,
      jumpNodeId: jump.node.id,
      dockerSocket: node1.dockerSocket,
      hostKeyFingerprint: scan.fingerprint,
    });
    expect(test.status).toBe('online');
    expect(node.jumpNodeId).toBe(jump.node.id);

    // Who holds the TCP connections to node1's sshd: node2's sshd for the jumped node; the agent
    // node of the previous test is this process's own direct connection.
    const { stdout } = await run('ss', [
      '-tnpH',
      'state',
      'established',
      'dst',
      `${node1.host}:${node1.port}`,
    ]);
    const owners = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => /users:\(\("([^"]+)",pid=(\d+)/.exec(line)?.slice(1) ?? []);
    expect(owners.some(([name]) => name === 'sshd')).toBe(true);
    expect(owners.filter(([, pid]) => pid === String(process.pid))).toHaveLength(1);

    const removal = await t.fail('nodes:remove', { id: jump.node.id });
    expect(removal.message).toContain('behind the jump');
  });

  it('never put a key or the passphrase in the database, the logs, an answer or an event', () => {
    expect(findLeaks(t, [encryptedKey, clientKey, passphrase])).toEqual([]);
  });
});
