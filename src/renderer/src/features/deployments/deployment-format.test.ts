import { describe, expect, it } from 'vitest';
import { consequenceOf } from './ConfirmActionDialog';
import { serviceList, unreachableReason } from './deployment-format';

describe('what an action that loses work says first', () => {
  it('names the services that go down', () => {
    expect(serviceList(['web'])).toBe('web');
    expect(serviceList(['web', 'db'])).toBe('web and db');
    expect(serviceList(['web', 'db', 'cache'])).toBe('web, db and cache');
    expect(consequenceOf('stop', ['web', 'db'])).toBe(
      'web and db will stop; the app is down until you start it.',
    );
    expect(consequenceOf('restart', ['web'])).toBe(
      'web will stop and start again; the app is down until it is back.',
    );
  });
});

describe('unreachableReason', () => {
  it('is null while the node can be seen, and says since when otherwise', () => {
    expect(unreachableReason({ reachability: { nodeReachable: true, since: null } }, 'edge')).toBeNull();
    expect(
      unreachableReason(
        { reachability: { nodeReachable: false, since: '2026-03-10T11:58:00.000Z' } },
        'edge',
      ),
    ).toMatch(/^edge has been unreachable since .+; try again when it is back\.$/);
    expect(unreachableReason({ reachability: { nodeReachable: false, since: null } }, 'edge')).toBe(
      'edge cannot be reached; try again when it is back.',
    );
  });
});
