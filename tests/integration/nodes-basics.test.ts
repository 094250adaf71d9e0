/**
 * Nodes against the rig's real sshd and dockerd, with keys in the real OS keychain: add with the
 * host key pinned, test, health sweeps, maintenance, "This computer", removal rules, and no secret
 * anywhere it should not be.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/shared/contract';
import { findLeaks } from '../helpers/find-leaks';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const node1 = rig.nodes[0]!;
const node2 = rig.nodes[1]!;
const clientKey = readFileSync(rig.clientKey.privateKeyPath, 'utf8');
const sshConfigDir = makeTempDir('hoster-sshconfig-');
const sshConfigPath = join(sshConfigDir.path, 'config');
writeFileSync(
  sshConfigPath,
  `Host rig-one\n  HostName ${node1.host}\n  Port ${node1.port}\n  User root\n  IdentityFile ${rig.clientKey.privateKeyPath}\n  ProxyJump rig-two\n\nHost rig-two\n  HostName ${node2.host}\n  Port ${node2.port}\n  User root\n`,
);

let t: TestCore;
const statusEvents: EventPayload<'nodes:status-changed'>[] = [];

beforeAll(() => {
  t = createTestCore({ localDockerSocket: rig.dockerSocket, sshConfigPath });
  t.core.events.on('nodes:status-changed', (event) => statusEvents.push(event));
});

afterAll(async () => {
  await t.close();
  sshConfigDir.remove();
});

describe('nodes against the rig', () => {
  let keyId = '';
  let nodeId = '';

  it('imports the client key into the keychain and shows only its public half', async () => {
    const key = await t.call('keys:import', { name: 'rig client', privateKey: clientKey });
    keyId = key.id;
    expect(key.publicKey.split(' ').slice(0, 2)).toEqual(rig.clientKey.publicKey.split(' ').slice(0, 2));
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(JSON.stringify(key)).not.toContain('PRIVATE');
  });

  it('scans the host key without logging in, and the fingerprint is the one ssh-keygen prints', async () => {
    const scan = await t.call('nodes:scan-host-key', { host: node1.host, port: node1.port });
    expect(scan).toMatchObject({
      host: node1.host,
      port: node1.port,
      fingerprint: node1.hostKeyFingerprint,
      algorithm: 'ssh-ed25519',
    });
  });

  it('adds the node with the accepted fingerprint pinned, tests it at once and finds it online with its resources', async () => {
    const { node, test } = await t.call('nodes:add', {
      name: 'rig one',
      host: node1.host,
      port: node1.port,
      user: node1.user,
      keyId,
      dockerSocket: node1.dockerSocket,
      tags: ['test'],
      monthlyCostCents: 500,
      hostKeyFingerprint: node1.hostKeyFingerprint,
    });
    nodeId = node.id;
    expect(test.error).toBeNull();
    expect(test.steps.map((s) => [s.name, s.status])).toEqual([
      ['reach', 'ok'],
      ['hostKey', 'ok'],
      ['auth', 'ok'],
      ['docker', 'ok'],
      ['disk', 'ok'],
    ]);
    expect(node).toMatchObject({
      status: 'online',
      hostKeyFingerprint: node1.hostKeyFingerprint,
      tags: ['test'],
      monthlyCostCents: 500,
    });
    expect(node.resources?.cpus).toBeGreaterThan(0);
    expect(node.resources?.memoryBytes).toBeGreaterThan(0);
    expect(node.resources?.dockerVersion).toMatch(/^\d+\.\d+/);
    expect(node.resources?.diskFreeBytes).toBeGreaterThan(0);
    expect(node.latencyMs).toBeGreaterThan(0);
    expect(node.lastSeenAt).not.toBeNull();
    expect(statusEvents).toContainEqual(expect.objectContaining({ nodeId, from: 'unknown', to: 'online' }));
  });

  it('runs commands and Docker calls over the one shared connection', async () => {
    const [ping, answer, containers] = await Promise.all([
      t.core.nodeConnections.docker(nodeId).then((docker) => docker.ping() as Promise<Buffer>),
      t.core.nodeConnections.exec(nodeId, 'echo "$((6 * 7))"'),
      t.core.nodeConnections
        .docker(nodeId)
        .then((docker) => docker.listContainers({ all: true }) as Promise<unknown[]>),
    ]);
    expect(String(ping)).toBe('OK');
    expect(answer).toMatchObject({ code: 0, stdout: '42\n' });
    expect(Array.isArray(containers)).toBe(true);
    expect(t.core.nodeConnections.status(nodeId).state).toBe('ready');
  });

  it('runs more commands at once than sshd allows sessions, by queueing them, and kills one on abort', async () => {
    // sshd's MaxSessions is 10 and one session is kept for SFTP: without the cap some would fail.
    const results = await Promise.all(Array.from({ length: 14 }, (_, i) => t.core.nodeConnections.exec(nodeId, `sleep 0.3; echo ${i}`)));
    expect(results.map((r) => r.code)).toEqual(Array.from({ length: 14 }, () => 0));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 14 }, (_, i) => String(i)));
    const started = Date.now();
    await expect(t.core.nodeConnections.exec(nodeId, 'sleep 30', { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('forwards a local port to an address as the node sees it', async () => {
    const server = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const echoPort = (server.address() as AddressInfo).port;
    const forward = await t.core.nodeConnections.openLocalForward(nodeId, '127.0.0.1', echoPort);
    try {
      expect(forward.localPort).not.toBe(echoPort);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: forward.localPort }, () => socket.end('through the node'));
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toBe('through the node');
    } finally {
      await forward.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports a wrong Docker socket as degraded, saying what to do', async () => {
    await t.call('nodes:update', { id: nodeId, dockerSocket: '/nonexistent/docker.sock' });
    const test = await t.call('nodes:test', { id: nodeId });
    expect(test.status).toBe('degraded');
    expect(test.error?.code).toBe('docker_unavailable');
    expect(test.error?.message).toMatch(/\/nonexistent\/docker\.sock.*(install|start)/i);
    await t.call('nodes:update', { id: nodeId, dockerSocket: node1.dockerSocket });
    expect((await t.call('nodes:test', { id: nodeId })).status).toBe('online');
  });

  it('offers "This computer" on the local Docker socket, with no SSH', async () => {
    t.core.start();
    await expect
      .poll(async () => (await t.call('nodes:list', {})).find((n) => n.kind === 'local')?.status, {
        timeout: 20_000,
      })
      .toBe('online');
    const local = (await t.call('nodes:list', {})).find((n) => n.kind === 'local')!;
    expect(local.name).toBe('This computer');
    expect((await t.core.nodeConnections.exec(local.id, 'echo here')).stdout).toBe('here\n');
  });

  it('sweeps all nodes concurrently and leaves a node in maintenance alone', async () => {
    const unreachable = await t.call('nodes:add', {
      name: 'nobody home',
      host: '127.0.0.9',
      port: 1,
      user: 'root',
      keyId,
      hostKeyFingerprint: node1.hostKeyFingerprint,
    });
    expect(unreachable.test.status).toBe('offline');
    expect(unreachable.test.error?.code).toBe('host_unreachable');
    expect(unreachable.test.error?.message).toMatch(/127\.0\.0\.9:1.*sshd is running/);

    const parked = await t.call('nodes:set-maintenance', { id: unreachable.node.id, isMaintenance: true });
    expect(parked.status).toBe('maintenance');
    const before = (await t.call('nodes:get', { id: unreachable.node.id })).lastCheckedAt;
    const started = Date.now();
    const nodes = await t.call('nodes:check-all', {});
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(nodes.find((n) => n.id === nodeId)?.status).toBe('online');
    const still = nodes.find((n) => n.id === unreachable.node.id)!;
    expect(still.status).toBe('maintenance');
    expect(still.lastCheckedAt).toBe(before);
    const events = await t.call('nodes:events', { id: unreachable.node.id });
    expect(events.map((e) => e.to)).toEqual(['maintenance', 'offline']);
    await t.call('nodes:remove', { id: unreachable.node.id });
  });

  it('imports hosts from an ssh config, matching the stored key and the jump host', async () => {
    const two = await t.call('nodes:add', {
      name: 'rig two',
      host: node2.host,
      port: node2.port,
      user: 'root',
      keyId,
      dockerSocket: node2.dockerSocket,
      hostKeyFingerprint: node2.hostKeyFingerprint,
    });
    const hosts = await t.call('nodes:ssh-config-hosts', {});
    expect(hosts.find((h) => h.alias === 'rig-one')).toMatchObject({
      host: node1.host,
      port: node1.port,
      user: 'root',
      keyId,
      jumpNodeId: two.node.id,
    });
    expect(hosts.find((h) => h.alias === 'rig-two')).toMatchObject({ keyId: null, jumpNodeId: null });
    await t.call('nodes:remove', { id: two.node.id });
  });

  it('refuses to delete a key while a node uses it, naming the node', async () => {
    const error = await t.fail('keys:delete', { id: keyId });
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('rig one');
  });

  it('removes the node, then the key, whose private half leaves the keychain', async () => {
    await t.call('nodes:remove', { id: nodeId });
    await expect(t.call('nodes:get', { id: nodeId })).rejects.toMatchObject({ code: 'not_found' });
    await t.call('keys:delete', { id: keyId });
    expect(await t.call('keys:list', {})).toEqual([]);
  });

  it('never put the private key in the database, the logs, an answer or an event', () => {
    expect(t.transcript()).toContain('keys:import');
    expect(findLeaks(t, [clientKey])).toEqual([]);
  });
});
