import { describe, expect, it } from 'vitest';
import { deploymentStatuses, type DeploymentStatus } from '@shared/contract/deployment-model';
import { labels } from './compose-labels';
import { observeContainers, settle, type NodeReality, type RealityKind } from './settle';

const realities: Record<RealityKind, NodeReality> = {
  unreachable: { kind: 'unreachable' },
  healthy: { kind: 'healthy' },
  partial: { kind: 'partial', down: ['db'] },
  stopped: { kind: 'stopped' },
  gone: { kind: 'gone' },
};

/** Where each (stored state × node reality) pair lands; `-` keeps the stored state. */
const table: Record<DeploymentStatus, Record<RealityKind, DeploymentStatus | '-'>> = {
  running: { unreachable: '-', healthy: '-', partial: 'degraded', stopped: 'failed', gone: 'failed' },
  degraded: { unreachable: '-', healthy: 'running', partial: '-', stopped: 'failed', gone: 'failed' },
  stopped: { unreachable: '-', healthy: 'running', partial: 'degraded', stopped: '-', gone: '-' },
  failed: { unreachable: '-', healthy: 'running', partial: 'degraded', stopped: '-', gone: '-' },
  pending: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
  scheduled: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
  starting: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
  stopping: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
  updating: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
  deleting: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
  deleted: { unreachable: '-', healthy: '-', partial: '-', stopped: '-', gone: '-' },
};

const pairs = deploymentStatuses.flatMap((stored) =>
  (Object.keys(realities) as RealityKind[]).map((kind) => [stored, kind, table[stored][kind]] as const),
);

describe('settle(stored, observed)', () => {
  it('has a row for every state and a column for every reality', () => {
    expect(pairs).toHaveLength(deploymentStatuses.length * 5);
  });

  it.each(pairs)('%s × %s → %s', (stored, kind, expected) => {
    const settled = settle(stored, realities[kind]);
    expect(settled?.to ?? '-').toBe(expected);
    if (settled) expect(settled.cause).toMatch(/on the node/);
  });

  it('says why: the services that are down, and the reason a deployment failed', () => {
    expect(settle('running', { kind: 'partial', down: ['web', 'db'] })?.cause).toContain(
      'web, db are not up',
    );
    expect(settle('running', { kind: 'gone' })?.error).toMatch(/gone from the node/);
    expect(settle('failed', { kind: 'healthy' })).toMatchObject({
      to: 'running',
      error: null,
      cause: expect.stringContaining('it was failed') as unknown,
    });
  });
});

const container = (service: string, State: string, Status: string) => ({
  Labels: { [labels.service]: service },
  State,
  Status,
});
const web = { service: 'web', mayExit: false };
const db = { service: 'db', mayExit: false };
const migrate = { service: 'migrate', mayExit: true };

describe('observeContainers', () => {
  it('finds nothing when no container carries the label', () => {
    expect(observeContainers([], [web])).toEqual({ kind: 'gone' });
  });

  it('counts a service up only when running and not unhealthy or still starting', () => {
    const up = container('web', 'running', 'Up 2 minutes (healthy)');
    expect(observeContainers([up, container('db', 'running', 'Up 2 minutes')], [web, db])).toEqual({
      kind: 'healthy',
    });
    for (const status of ['Up 2 minutes (unhealthy)', 'Up 3 seconds (health: starting)'])
      expect(observeContainers([up, container('db', 'running', status)], [web, db])).toEqual({
        kind: 'partial',
        down: ['db'],
      });
    expect(
      observeContainers([up, container('db', 'restarting', 'Restarting (1) 2 seconds ago')], [web, db]),
    ).toEqual({ kind: 'partial', down: ['db'] });
  });

  it('calls a deployment stopped when no long-running service is up, even beside a finished one-shot', () => {
    const done = container('migrate', 'exited', 'Exited (0) 5 minutes ago');
    const webDown = container('web', 'exited', 'Exited (137) 1 minute ago');
    expect(observeContainers([done, webDown], [migrate, web])).toEqual({ kind: 'stopped' });
    expect(observeContainers([done, container('web', 'running', 'Up 1 minute')], [migrate, web])).toEqual({
      kind: 'healthy',
    });
    expect(
      observeContainers(
        [container('migrate', 'exited', 'Exited (1) 5 minutes ago'), container('web', 'running', 'Up')],
        [migrate, web],
      ),
    ).toEqual({ kind: 'partial', down: ['migrate'] });
  });

  it('counts a service with no container as down', () => {
    expect(observeContainers([container('web', 'running', 'Up 1 minute')], [web, db])).toEqual({
      kind: 'partial',
      down: ['db'],
    });
  });
});
