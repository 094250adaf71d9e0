/**
 * Closing the app while a health sweep is under way cuts the sweep short; what a cut-short check
 * "found" is not an outage, so the nodes keep the state last seen and are not refused actions on
 * the next start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
let t: TestCore;

beforeAll(() => {
  t = createTestCore();
});
afterAll(async () => {
  await t.close();
});

describe('a health sweep cut short by closing', () => {
  it('records nothing: the node stays as last seen', async () => {
    const node = await addRigNode(t, rig);
    expect(node.status).toBe('online');
    // The sweep starts with the workers (after the core's first answer), and stopping them aborts it
    // before the node could answer.
    t.core.start();
    await t.call('nodes:list', {});
    // The start was queued behind that answer on a 0 ms timer; this one runs right after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.core.scheduler.list().find((w) => w.name === 'node-health')?.isRunning).toBe(true);
    await t.core.scheduler.stop();
    const after = await t.call('nodes:get', { id: node.id });
    expect({ status: after.status, lastError: after.lastError }).toEqual({ status: 'online', lastError: null });
    expect((await t.call('nodes:events', { id: node.id })).map((e) => e.to)).not.toContain('offline');
  });
});
