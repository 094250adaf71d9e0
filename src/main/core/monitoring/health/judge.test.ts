import { describe, expect, it } from 'vitest';
import type { ContainerSnapshot } from '../store/container-repository';
import { judge } from './judge';

const container = (overrides: Partial<ContainerSnapshot> = {}): ContainerSnapshot => ({
  containerId: 'c1',
  nodeId: 'n1',
  deploymentId: 'd1',
  service: 'web',
  name: 'app-web-1',
  isTty: false,
  state: 'running',
  health: 'none',
  restartCount: 0,
  exitCode: null,
  startedAt: null,
  finishedAt: null,
  isRemoved: false,
  logCursor: null,
  ...overrides,
});

describe('judge', () => {
  it('calls repeated deaths a crash loop before anything else', () => {
    const verdict = judge('app', [container({ state: 'restarting', health: 'unhealthy' })], 3, {
      service: 'web',
      exitCode: 3,
    });
    expect(verdict).toEqual({
      isHealthy: false,
      kind: 'crash-loop',
      title: 'app is crash-looping',
      cause: 'containers died 3 times in 5 minutes (last: web exited with code 3)',
    });
  });

  it('does not call a stopped container unhealthy for the health it had before it stopped', () => {
    expect(judge('app', [container({ state: 'exited', health: 'unhealthy', exitCode: 0 })], 0, null)).toBeNull();
    expect(judge('app', [container({ state: 'exited', health: 'unhealthy', exitCode: 137 })], 0, null)).toMatchObject({
      kind: 'exited',
      cause: 'web exited with code 137 and is down',
    });
  });

  it('flags a failing healthcheck and a service that died and stayed down', () => {
    expect(judge('app', [container({ health: 'unhealthy' })], 0, null)).toMatchObject({
      isHealthy: false,
      kind: 'unhealthy',
    });
    expect(judge('app', [container({ state: 'exited', exitCode: 1 })], 1, null)).toMatchObject({
      isHealthy: false,
      kind: 'exited',
      cause: 'web exited with code 1 and is down',
    });
  });

  it('is healthy when every container runs, and has no verdict while one is between states', () => {
    expect(
      judge('app', [container(), container({ service: 'db', health: 'healthy' })], 2, null),
    ).toMatchObject({ isHealthy: true });
    expect(judge('app', [container({ state: 'restarting' })], 0, null)).toBeNull();
    expect(judge('app', [], 0, null)).toBeNull();
  });
});
