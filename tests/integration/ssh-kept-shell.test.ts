/**
 * A node's shell start-up (a heavy `.bashrc` with pyenv, nvm or conda) is paid once per connection
 * for monitoring's reads, not once per round: sshd starts the user's shell for each session, and
 * its own log (VERBOSE) names each session it starts. Against a private sshd on 127.0.0.31.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSshd, type TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const dir = makeTempDir('hoster-kept-shell-');
let sshd: TestSshd;
let t: TestCore;
let nodeId = '';

/** How many sessions sshd started a shell for since the last look. */
const shellStarts = () => {
  const started = sshd.logSinceMark().match(/Starting session: command/g)?.length ?? 0;
  sshd.markLog();
  return started;
};

beforeAll(async () => {
  sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.31',
    authorizedKeys: [rig.clientKey.publicKey],
    logLevel: 'VERBOSE',
  });
  t = createTestCore();
  t.core.start();
  const key = await t.call('keys:import', {
    name: 'client',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  const scan = await t.call('nodes:scan-host-key', { host: sshd.host, port: sshd.port });
  const { node } = await t.call('nodes:add', {
    name: 'heavy profile',
    host: sshd.host,
    port: sshd.port,
    user: 'root',
    keyId: key.id,
    dockerSocket: rig.dockerSocket,
    hostKeyFingerprint: scan.fingerprint,
  });
  nodeId = node.id;
}, 60_000);

afterAll(async () => {
  await t.close();
  await sshd.stop();
  dir.remove();
});

describe('the kept shell', () => {
  it("starts the node's shell once for many monitoring rounds, where each plain command starts one", async () => {
    shellStarts();
    await t.core.nodeConnections.exec(nodeId, 'true');
    await t.core.nodeConnections.exec(nodeId, 'true');
    expect(shellStarts()).toBe(2);

    // Bounded: rounds asked for one at a time until five samples of the node are stored.
    const sampledAt = new Set<number>();
    for (let round = 0; round < 20 && sampledAt.size < 5; round += 1) {
      await t.call('monitoring:refresh', { nodeId });
      const { latest } = await t.call('monitoring:node-stats', { nodeId, range: '1h' });
      if (latest?.memoryBytes) sampledAt.add(latest.at);
    }
    expect(sampledAt.size).toBe(5);
    // The kept shell may have opened before the rounds began (monitoring starts with the node).
    expect(shellStarts()).toBeLessThanOrEqual(1);
  });
});
