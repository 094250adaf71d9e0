import { describe, expect, it } from 'vitest';
import { deploymentStatuses } from '@shared/contract/deployment-model';
import { allowedActions, assertTransition, canTransition, transitionalStatuses } from './state-machine';

describe('deployment state machine', () => {
  it('follows the lifecycle pending → scheduled → starting → running → stopping → stopped → deleting → deleted', () => {
    const path = [
      'pending',
      'scheduled',
      'starting',
      'running',
      'stopping',
      'stopped',
      'deleting',
      'deleted',
    ] as const;
    for (let i = 1; i < path.length; i += 1) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('lets every active state fail, and nothing leave deleted', () => {
    for (const status of [
      'pending',
      'scheduled',
      'starting',
      'running',
      'degraded',
      'stopping',
      'updating',
      'deleting',
    ] as const) {
      expect(canTransition(status, 'failed')).toBe(true);
    }
    for (const status of deploymentStatuses) expect(canTransition('deleted', status)).toBe(false);
  });

  it('refuses a jump with a conflict naming both states', () => {
    expect(() => assertTransition('stopped', 'running', 'blog')).toThrow(
      /blog is stopped; it cannot go to running/,
    );
  });

  it('offers no action while an operation is under way', () => {
    for (const status of transitionalStatuses) {
      if (status === 'pending') continue;
      expect(allowedActions(status)).toEqual([]);
    }
    expect(allowedActions('running')).toContain('stop');
    expect(allowedActions('stopped')).not.toContain('stop');
  });
});
