/**
 * A restart with a node known from the last run: the core answers before it dials anything, the
 * node shows as connecting, and the start-up work (its check, recovery) then runs by itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RECOVERY_WORKER } from '../../src/main/core/deployments';
import { NODE_HEALTH_WORKER } from '../../src/main/core/nodes/nodes-feature';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const dir = makeTempDir('hoster-startup-');
// One keychain for both runs, as the app has: the node's key outlives the restart.
const open = (keyring: string) => createTestCore({ dataDir: dir.path, secrets: createKeyringSecretStore(keyring) });

afterAll(() => {
  dir.remove();
});

describe('starting with nodes from an earlier run', () => {
  it('answers before dialling any node, shows the node connecting, then checks it and recovers by itself', async () => {
    const keyring = `hoster-it-${randomUUID()}`;
    const before = open(keyring);
    const node = await addRigNode(before, rig);
    expect(node.status).toBe('online');
    await before.close();

    const t = open(keyring);
    try {
      t.core.start();
      const [listed] = await t.call('nodes:list', {});
      expect(listed).toMatchObject({ id: node.id, status: 'online', isConnecting: true });
      expect(t.core.nodeConnections.status(node.id).state).toBe('idle');
      await expect
        .poll(async () => (await t.call('nodes:get', { id: node.id })).isConnecting, { timeout: 20_000 })
        .toBeUndefined();
      const after = await t.call('nodes:get', { id: node.id });
      expect(after.status).toBe('online');
      expect(after.lastCheckedAt! > node.lastCheckedAt!).toBe(true);
      expect(t.core.nodeConnections.status(node.id).state).toBe('ready');
      const started = t.core.scheduler.list().filter((w) => w.lastStartedAt !== null).map((w) => w.name);
      expect(started).toEqual(expect.arrayContaining([NODE_HEALTH_WORKER, RECOVERY_WORKER]));
    } finally {
      await t.close();
    }
  });
});
