import { readFileSync } from 'node:fs';
import type { Node } from '../../src/shared/contract/nodes';
import type { Rig } from '../rig/rig';
import type { MethodOutput } from '../../src/shared/contract';
import type { TestSshd } from './sshd';
import type { TestCore } from './test-core';

/**
 * Imports the rig's client key and adds one of its nodes with the host key pinned, as a user would.
 * Works over any caller of the contract: a test core, or a browser-mode host (see tests/e2e/app-fixture.ts).
 */
export async function addRigNode(
  t: Pick<TestCore, 'call'>,
  rig: Rig,
  index = 0,
  name?: string,
): Promise<Node> {
  const target = rig.nodes[index];
  if (!target) throw new Error(`the rig has no node ${index}`);
  const key = await t.call('keys:import', {
    name: 'rig',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  const { node } = await t.call('nodes:add', {
    name: name ?? `rig ${target.name}`,
    host: target.host,
    port: target.port,
    user: target.user,
    keyId: key.id,
    dockerSocket: target.dockerSocket,
    hostKeyFingerprint: target.hostKeyFingerprint,
  });
  return node;
}

/** Connection timings for a node a test takes down and brings back: a drop is seen within seconds. */
export const QUICK_RECONNECT = {
  timings: { readyTimeoutMs: 5000, keepaliveIntervalMs: 1000, keepaliveCountMax: 3 },
  backoff: { baseMs: 200, maxMs: 1000 },
};

/**
 * Adds a test's own sshd (tests/helpers/sshd.ts) as a node whose Docker is the rig's, with the rig's
 * client key and its host key pinned: a node the test may stop and start without touching the rig.
 */
export async function addSshdNode(
  t: Pick<TestCore, 'call'>,
  rig: Rig,
  sshd: Pick<TestSshd, 'host' | 'port' | 'hostKeyFingerprint'>,
  name: string,
): Promise<MethodOutput<'nodes:add'>> {
  const key = await t.call('keys:import', { name: 'rig', privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8') });
  return t.call('nodes:add', {
    name,
    host: sshd.host,
    port: sshd.port,
    user: 'root',
    keyId: key.id,
    dockerSocket: rig.dockerSocket,
    hostKeyFingerprint: sshd.hostKeyFingerprint(),
  });
}
