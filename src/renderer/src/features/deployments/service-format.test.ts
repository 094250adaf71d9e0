import { describe, expect, it } from 'vitest';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { ServiceState } from '@shared/contract/services';
import { serviceBlocker, stateText, stopConsequence } from './service-format';

const service = (over: Partial<ServiceState> = {}): ServiceState => ({
  service: 'db',
  image: 'postgres:16',
  copies: 1,
  state: 'running',
  health: null,
  status: 'Up 3 minutes',
  isStoppedByUser: false,
  dependents: [],
  ...over,
});

describe('service-format', () => {
  it('names what depends on a service in the stop confirmation', () => {
    expect(stopConsequence(service())).not.toContain('depend');
    expect(stopConsequence(service({ dependents: ['web'] }))).toContain('web depends on it');
    expect(stopConsequence(service({ dependents: ['web', 'worker', 'cron'] }))).toContain(
      'web, worker and cron depend on it',
    );
    expect(stopConsequence(service({ copies: 3 }))).toMatch(/^All 3 copies of db stop and stay down/);
  });

  it('says a service the user stopped is theirs, not a failure', () => {
    expect(stateText(service({ state: 'exited', isStoppedByUser: true }))).toBe('stopped by you');
    expect(stateText(service({ state: 'exited' }))).toBe('exited');
    expect(stateText(service({ health: 'healthy' }))).toBe('running, healthy');
  });

  it('turns the buttons off while the app is busy, not running or out of reach', () => {
    const detail = { activeJobId: null, status: 'running' } as DeploymentDetail;
    expect(serviceBlocker(detail, null)).toBeNull();
    expect(serviceBlocker(detail, 'node is unreachable')).toBe('node is unreachable');
    expect(serviceBlocker({ ...detail, activeJobId: 'j1' }, null)).toContain('under way');
    expect(serviceBlocker({ ...detail, status: 'stopped' }, null)).toContain('start it');
  });
});
