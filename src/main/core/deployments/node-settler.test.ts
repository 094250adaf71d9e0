import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import { labels } from './compose-labels';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import { createNodeSettler } from './node-settler';

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** One deployment `web` (one service) on node `n1`, whose containers and reachability the test sets. */
function world(stored: DeploymentStatus) {
  let deployment = { id: 'web', name: 'web', nodeId: 'n1', status: stored } as Deployment;
  const state = { nodeStatus: 'online' as Node['status'], running: true, moves: [] as string[] };
  const container = () => ({
    Labels: { [labels.deployment]: 'web', [labels.service]: 'web' },
    State: state.running ? 'running' : 'exited',
    Status: state.running ? 'Up 1 minute' : 'Exited (0) 1 second ago',
  });
  const docker = { listContainers: () => Promise.resolve([container()]) } as unknown as Docker;
  const deps = {
    repository: {
      listOnNode: () => [deployment],
      get: () => deployment,
      activeRevision: () => ({ revision: 1 }),
    },
    runtime: {
      hasActiveJob: () => false,
      planFor: () => Promise.resolve({ services: [{ service: 'web', replica: 1, dependsOn: {} }] }),
      move: (_: Deployment, to: DeploymentStatus, cause: string) => {
        state.moves.push(`${deployment.status}→${to}: ${cause}`);
        deployment = { ...deployment, status: to };
        return deployment;
      },
    },
    ports: {
      nodes: {
        get: () => ({ id: 'n1', status: state.nodeStatus, lastSeenAt: null }) as unknown as Node,
        list: () => [{ id: 'n1' } as Node],
      },
      connections: { docker: () => Promise.resolve(docker) },
    },
  } as unknown as OperationDeps;
  const settler = createNodeSettler({ ...deps, logger: silent, confirmDelayMs: 1 });
  /** What monitoring does between two observations: marks the deployment without asking the settler. */
  const markedBehind = (to: DeploymentStatus) => (deployment = { ...deployment, status: to });
  return { settler, state, status: () => deployment.status, markedBehind };
}

describe('the node settler', () => {
  it('changes a deployment only when two consecutive observations agree', async () => {
    const { settler, state, status } = world('failed');
    await settler.observe();
    expect(status()).toBe('failed');
    await settler.observe();
    expect(status()).toBe('running');
    expect(state.moves).toEqual([
      'failed→running: found running on the node: every container is running and healthy (it was failed)',
    ]);
  });

  it('does not flip a deployment on a node that flaps: an unreachable or different answer starts over', async () => {
    const { settler, state, status } = world('running');
    state.running = false;
    await settler.observe();
    state.nodeStatus = 'offline';
    await settler.observe();
    state.nodeStatus = 'online';
    await settler.observe();
    state.running = true;
    await settler.observe();
    state.running = false;
    await settler.observe();
    expect(status()).toBe('running');
    expect(state.moves).toEqual([]);
  });

  it('two observations that agree on where a deployment belongs settle it, even if monitoring moved it in between', async () => {
    const { settler, state, status, markedBehind } = world('running');
    state.running = false;
    await settler.observe();
    markedBehind('degraded');
    await settler.observe();
    expect(status()).toBe('failed');
    expect(state.moves[0]).toMatch(/^degraded→failed: found stopped on the node/);
  });

  it('changes nothing while the node cannot be seen', async () => {
    const { settler, state, status } = world('failed');
    state.nodeStatus = 'offline';
    for (let i = 0; i < 3; i += 1) await settler.observe();
    await settler.check('n1');
    expect(status()).toBe('failed');
  });

  it('settles at once on a fresh full check: two observations a moment apart', async () => {
    const { settler, state, status } = world('running');
    state.running = false;
    await settler.check('n1');
    expect(status()).toBe('failed');
    expect(state.moves[0]).toMatch(/^running→failed: found stopped on the node/);
  });
});
