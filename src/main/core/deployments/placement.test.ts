import { describe, expect, it } from 'vitest';
import type { Node } from '@shared/contract/nodes';
import { placeDeployment, type Needs } from './placement';
import { refusal } from './test-support';

const GiB = 1024 ** 3;

function node(
  id: string,
  fields: { memoryGiB?: number; diskGiB?: number | null; tags?: string[] } & Partial<Node> = {},
): Node {
  const { memoryGiB = 4, diskGiB = 50, tags = [], ...rest } = fields;
  return {
    id,
    name: id,
    kind: 'ssh',
    host: '127.0.0.2',
    port: 22,
    user: 'root',
    auth: 'key',
    keyId: 'key_1',
    jumpNodeId: null,
    dockerSocket: '/var/run/docker.sock',
    tags,
    monthlyCostCents: 0,
    hostKeyFingerprint: 'SHA256:x',
    isMaintenance: false,
    status: 'online',
    lastSeenAt: null,
    lastCheckedAt: null,
    latencyMs: 1,
    lastError: null,
    resources: {
      dockerVersion: '20.10',
      apiVersion: '1.41',
      os: 'Debian',
      kernel: '6.1',
      cpus: 2,
      memoryBytes: memoryGiB * GiB,
      dockerRootDir: '/var/lib/docker',
      diskFreeBytes: diskGiB === null ? null : diskGiB * GiB,
      diskTotalBytes: null,
      containersRunning: 0,
    },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...rest,
  };
}

const needs = (memoryGiB: number, diskGiB = 1): Needs => ({
  memoryBytes: memoryGiB * GiB,
  diskBytes: diskGiB * GiB,
  cpuCores: 0.5,
});

describe('placeDeployment, automatic', () => {
  it('picks the online node with the most memory left, counting what its deployments were promised', () => {
    const nodes = [node('small', { memoryGiB: 4 }), node('big', { memoryGiB: 8 })];
    const promised = (id: string) => (id === 'big' ? [needs(6)] : []);
    expect(placeDeployment(nodes, 'auto', [], needs(1), 'App', promised).id).toBe('small');
    expect(placeDeployment(nodes, 'auto', [], needs(1), 'App', () => []).id).toBe('big');
  });

  it('only considers nodes with every tag asked for, online and not in maintenance', () => {
    const nodes = [
      node('eu-big', { memoryGiB: 16, tags: ['eu'], isMaintenance: true }),
      node('eu-offline', { memoryGiB: 16, tags: ['eu', 'ssd'], status: 'offline' }),
      node('us', { memoryGiB: 16, tags: ['us', 'ssd'] }),
      node('eu-small', { memoryGiB: 2, tags: ['eu', 'ssd'] }),
    ];
    expect(placeDeployment(nodes, 'auto', ['eu', 'ssd'], needs(1), 'App', () => []).id).toBe('eu-small');
    expect(refusal(() => placeDeployment(nodes, 'auto', ['asia'], needs(1), 'App', () => []))).toMatchObject({
      code: 'conflict',
      field: 'nodeId',
      message: 'No online node has the tags asia.',
    });
  });

  it('refuses when no node has room, giving each node’s numbers', () => {
    const nodes = [node('a', { memoryGiB: 2 }), node('b', { memoryGiB: 8, diskGiB: 0.5 })];
    const error = refusal(() =>
      placeDeployment(nodes, 'auto', [], needs(3), 'Big App', (id) => (id === 'a' ? [needs(1)] : [])),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      'No node has room for Big App: a has 1.0 GiB of memory left for apps (2.0 GiB in all, 1.0 GiB promised to 1 deployment); Big App needs 3.0 GiB. ' +
        'b has 0.5 GiB of disk left on the Docker root; Big App needs 1.0 GiB.',
    );
  });
});

describe('placeDeployment, chosen node', () => {
  it('takes a node with room, and refuses one without, in numbers', () => {
    const nodes = [node('a', { memoryGiB: 4 })];
    expect(placeDeployment(nodes, 'a', [], needs(2), 'App', () => [needs(1)]).id).toBe('a');
    expect(refusal(() => placeDeployment(nodes, 'a', [], needs(2), 'App', () => [needs(3)])).message).toBe(
      'a has 1.0 GiB of memory left for apps (4.0 GiB in all, 3.0 GiB promised to 1 deployment); App needs 2.0 GiB.',
    );
  });

  it('refuses a node in maintenance, one never tested, and one that does not exist', () => {
    expect(
      refusal(() => placeDeployment([node('m', { isMaintenance: true })], 'm', [], needs(1), 'App', () => []))
        .message,
    ).toContain('maintenance mode');
    expect(
      refusal(() => placeDeployment([node('n', { resources: null })], 'n', [], needs(1), 'App', () => []))
        .message,
    ).toContain('has not been tested yet');
    expect(refusal(() => placeDeployment([], 'gone', [], needs(1), 'App', () => []))).toMatchObject({
      code: 'not_found',
      field: 'nodeId',
    });
  });

  it('ignores free disk when the node could not report it', () => {
    expect(placeDeployment([node('a', { diskGiB: null })], 'a', [], needs(1, 500), 'App', () => []).id).toBe(
      'a',
    );
  });
});
