import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { migrations } from '../db/migrations';
import { createNodeRepository, type NodeDefinition } from './node-repository';

const definition: NodeDefinition = {
  name: 'web-1',
  kind: 'ssh',
  host: '127.0.0.1',
  port: 22,
  user: 'root',
  auth: 'agent',
  keyId: null,
  jumpNodeId: null,
  dockerSocket: '/var/run/docker.sock',
  tags: [],
  monthlyCostCents: 0,
  hostKeyFingerprint: null,
};
const health = (checkedAt: string) => ({
  status: 'online' as const,
  checkedAt,
  lastSeenAt: checkedAt,
  latencyMs: 3,
  lastError: null,
  resources: null,
});

let db: Database | null = null;
afterEach(() => db?.close());

describe('node repository: connecting after a restart', () => {
  it('marks a node checked in an earlier run as connecting until its first check of this run', () => {
    db = openDatabase(':memory:', migrations).db;
    createNodeRepository(db).insert('n1', definition, '2026-12-06T10:00:00.000Z');
    createNodeRepository(db).recordHealth('n1', health('2026-12-06T10:00:05.000Z'));
    const thisRun = createNodeRepository(db, '2026-12-06T19:00:00.000Z');
    expect(thisRun.get('n1')?.isConnecting).toBe(true);
    expect(thisRun.list().map((n) => n.isConnecting)).toEqual([true]);
    thisRun.recordHealth('n1', health('2026-12-06T19:00:01.000Z'));
    expect(thisRun.get('n1')).not.toHaveProperty('isConnecting');
  });

  it('never marks a node not yet checked at all, one in maintenance, or any without a start time', () => {
    db = openDatabase(':memory:', migrations).db;
    const thisRun = createNodeRepository(db, '2026-12-06T19:00:00.000Z');
    thisRun.insert('new', definition, '2026-12-06T19:00:02.000Z');
    thisRun.insert('parked', { ...definition, name: 'parked' }, '2026-12-06T10:00:00.000Z');
    thisRun.recordHealth('parked', health('2026-12-06T10:00:05.000Z'));
    thisRun.setMaintenance('parked', true, '2026-12-06T10:00:06.000Z');
    expect(thisRun.list().filter((n) => n.isConnecting)).toEqual([]);
    createNodeRepository(db).recordHealth('new', health('2026-12-06T10:00:05.000Z'));
    expect(createNodeRepository(db).get('new')).not.toHaveProperty('isConnecting');
  });
});
