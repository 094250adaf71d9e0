import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../../tests/helpers/memory-secret-store';
import { createTestCore, type TestCore } from '../../../../tests/helpers/test-core';
import { DATABASE_FILE_NAME } from '../db/data-folder';
import { openDatabase } from '../db/database';
import { migrations } from '../db/migrations';
import { createDeploymentRepository } from './deployment-repository';
import { newDeployment } from './test-support';

const LAST_SEEN = '2026-03-10T11:58:00.000Z';
const compose =
  'services:\n  web:\n    image: local/busybox:test\n    command: ["httpd", "-f", "-p", "80"]\n';
const manifest = (version: string) => ({
  name: 'Hello',
  slug: 'hello',
  version,
  description: 'A web server.',
  category: 'web',
  tags: [],
  icon: 'globe',
  price_monthly_cents: 100,
  resources: { cpu_cores: 0.1, memory_mb: 32, disk_mb: 16 },
});

let t: TestCore;
afterEach(async () => t.close());

/** A core holding node `n1` in status `nodeStatus` and a running deployment `web` of template `templateId` 1.0.0. */
function setUp(nodeStatus: 'offline' | 'online', templateId = 't1') {
  t = createTestCore({ secrets: createMemorySecretStore() });
  const { db } = openDatabase(join(t.dataDir, DATABASE_FILE_NAME), migrations);
  db.prepare(
    `INSERT INTO nodes (id, name, kind, host, port, username, auth, docker_socket, status, last_seen_at, created_at, updated_at)
     VALUES ('n1', 'edge', 'ssh', '127.0.0.250', 22, 'root', 'agent', '/var/run/docker.sock', ?, ?, ?, ?)`,
  ).run(nodeStatus, LAST_SEEN, LAST_SEEN, LAST_SEEN);
  const repository = createDeploymentRepository(db);
  repository.create(newDeployment('web', { templateId }), 'deploy requested');
  const at = '2026-03-01T00:00:00.000Z';
  repository.transition('web', { from: 'pending', to: 'running', cause: 'test', at, error: null });
  db.close();
}

describe('a deployment on a node that cannot be seen', () => {
  it('keeps its last known state and says since when its node is unreachable', async () => {
    setUp('offline');
    const [summary] = await t.call('deployments:list', {});
    expect(summary).toMatchObject({
      status: 'running',
      reachability: { nodeReachable: false, since: LAST_SEEN },
    });
  });

  it.each([
    ['deployments:start', { id: 'web' }],
    ['deployments:stop', { id: 'web' }],
    ['deployments:restart', { id: 'web' }],
    ['deployments:update', { id: 'web' }],
    ['deployments:rollback', { id: 'web' }],
    ['deployments:delete', { id: 'web' }],
    ['deployments:open', { id: 'web' }],
    ['deployments:volumes', { id: 'web' }],
  ] as const)('refuses %s at once with host_unreachable and the reason', async (method, input) => {
    setUp('offline');
    const started = Date.now();
    const error = await t.fail(method, input);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.code).toBe('host_unreachable');
    expect(error.message).toBe(
      'edge has been unreachable since 2026-03-10 11:58 UTC; try again when it is back.',
    );
    expect(await t.call('jobs:list', {})).toEqual([]);
    expect((await t.call('deployments:get', { id: 'web' })).status).toBe('running');
  });

  it('lets the user forget it here: gone from the app, nothing sent to the node', async () => {
    setUp('offline');
    const forgotten = await t.call('deployments:forget', { id: 'web' });
    expect(forgotten.status).toBe('deleted');
    expect(await t.call('deployments:list', {})).toEqual([]);
    expect(await t.call('jobs:list', {})).toEqual([]);
  });

  it('is not refused while its node can be seen: the operation itself runs', async () => {
    setUp('online');
    const [summary] = await t.call('deployments:list', {});
    expect(summary?.reachability).toEqual({ nodeReachable: true, since: null });
    expect((await t.fail('deployments:restart', { id: 'web' })).code).not.toBe('host_unreachable');
  });
});

describe('update available', () => {
  it('names the newest published version newer than the deployed one, and nothing else', async () => {
    t = createTestCore({ secrets: createMemorySecretStore() });
    const { id } = (await t.call('templates:create', { manifest: manifest('1.0.0'), compose })).summary;
    const { db } = openDatabase(join(t.dataDir, DATABASE_FILE_NAME), migrations);
    createDeploymentRepository(db).create(newDeployment('web', { templateId: id, nodeId: 'n0' }), 'test');
    db.close();
    const updateAvailable = async () => (await t.call('deployments:list', {}))[0]?.updateAvailable;
    await t.call('templates:publish', { id, version: '1.0.0' });
    expect(await updateAvailable()).toBeNull();
    await t.call('templates:update', { id, manifest: manifest('1.2.0'), compose });
    expect(await updateAvailable()).toBeNull();
    await t.call('templates:publish', { id, version: '1.2.0' });
    expect(await updateAvailable()).toBe('1.2.0');
  });
});
