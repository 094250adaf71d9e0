import { readFileSync } from 'node:fs';
import type { Node } from '../../src/shared/contract/nodes';
import type { Rig } from '../rig/rig';
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
