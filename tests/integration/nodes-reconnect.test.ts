/**
 * A node going away and coming back, against a private sshd on 127.0.0.6 that this file stops,
 * freezes (SIGSTOP) and starts again by pid: offline, then online again without anyone pressing
 * "Test". Timings are shortened here; the defaults notice a frozen server in about 20 s.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSshTimings } from '../../src/main/core/ssh/ssh-connect';
import { addSshdNode, QUICK_RECONNECT } from '../helpers/rig-node';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const dir = makeTempDir('hoster-reconnect-');
let sshd: TestSshd;
let t: TestCore;
let nodeId = '';
const frozen: number[] = [];

const statusOf = async () => (await t.call('nodes:get', { id: nodeId })).status;

beforeAll(async () => {
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.6',
    authorizedKeys: [rig.clientKey.publicKey],
  });
  t = createTestCore({
    nodeTuning: QUICK_RECONNECT,
  });
  const { node, test } = await addSshdNode(t, rig, sshd, 'flaky');
  expect(test.status).toBe('online');
  nodeId = node.id;
});

afterAll(async () => {
  for (const pid of frozen) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Already gone.
    }
  }
  await t.close();
  await sshd.stop();
  dir.remove();
});

describe('reconnecting', () => {
  it('keeps the defaults that notice a frozen server within about 20 s', () => {
    const silentMs = defaultSshTimings.keepaliveIntervalMs * (defaultSshTimings.keepaliveCountMax + 1);
    expect(silentMs).toBeLessThanOrEqual(20_000);
    expect(silentMs).toBeGreaterThanOrEqual(10_000);
  });

  it('marks the node offline as soon as its server goes down', async () => {
    const started = Date.now();
    await sshd.stop();
    await expect.poll(statusOf, { timeout: 10_000, interval: 100 }).toBe('offline');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await t.call('nodes:get', { id: nodeId })).lastError?.code).toBeDefined();
  });

  it('brings it back online by itself when the server returns', async () => {
    await sshd.start();
    await expect.poll(statusOf, { timeout: 15_000, interval: 100 }).toBe('online');
    const events = await t.call('nodes:events', { id: nodeId });
    expect(events.slice(0, 3).map((e) => [e.from, e.to])).toEqual([
      ['offline', 'online'],
      ['online', 'offline'],
      ['unknown', 'online'],
    ]);
  });

  it('notices a frozen server through keepalives, then recovers when it thaws', async () => {
    const pids = sshd.connectionPids();
    expect(pids.length).toBeGreaterThan(0);
    const started = Date.now();
    for (const pid of pids) {
      process.kill(pid, 'SIGSTOP');
      frozen.push(pid);
    }
    await expect.poll(statusOf, { timeout: 15_000, interval: 200 }).toBe('offline');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await t.call('nodes:get', { id: nodeId })).lastError?.message).toMatch(
      /stopped answering|keepalive/i,
    );
    for (const pid of frozen.splice(0)) process.kill(pid, 'SIGCONT');
    await expect.poll(statusOf, { timeout: 15_000, interval: 100 }).toBe('online');
  });
});
