import type { NodeTest, TestStep } from '@shared/contract/nodes';
import { describe, expect, it } from 'vitest';
import { FAILURES_TO_MARK_DOWN, judgeCheck } from './health-verdict';

const step = (name: TestStep['name'], status: TestStep['status']): TestStep => ({ name, label: name, status });

const test = (status: NodeTest['status'], failed: TestStep['name'] | null = null): NodeTest => ({
  nodeId: 'n1',
  isOk: status === 'online',
  status,
  checkedAt: '2026-12-06T19:00:00.000Z',
  latencyMs: null,
  steps: (['reach', 'hostKey', 'auth', 'docker', 'disk'] as const).map((name) =>
    step(name, name === failed ? 'failed' : failed ? 'skipped' : 'ok'),
  ),
  resources: null,
  error: failed ? { code: 'timeout', message: 'no answer' } : null,
  dockerProbe: null,
});

describe('judgeCheck', () => {
  it('keeps an online node online after one check that timed out, counting the failure', () => {
    expect(judgeCheck('online', test('offline', 'reach'), 0)).toEqual({ status: 'online', failures: 1 });
    expect(judgeCheck('online', test('degraded', 'docker'), 0)).toEqual({ status: 'online', failures: 1 });
  });

  it('marks it down on the second failed check in a row, with the status the check found', () => {
    expect(FAILURES_TO_MARK_DOWN).toBe(2);
    expect(judgeCheck('online', test('offline', 'reach'), 1)).toEqual({ status: 'offline', failures: 2 });
    expect(judgeCheck('online', test('degraded', 'docker'), 1)).toEqual({ status: 'degraded', failures: 2 });
  });

  it('marks it down at once when the server refuses the login or shows another host key', () => {
    expect(judgeCheck('online', test('offline', 'auth'), 0)).toEqual({ status: 'offline', failures: 1 });
    expect(judgeCheck('online', test('offline', 'hostKey'), 0)).toEqual({ status: 'offline', failures: 1 });
  });

  it('forgets earlier failures after a good check', () => {
    expect(judgeCheck('online', test('online'), 1)).toEqual({ status: 'online', failures: 0 });
    expect(judgeCheck('online', test('offline', 'reach'), 0).status).toBe('online');
  });

  it('takes a check of a node not online as it is: a node coming up or already down is not held back', () => {
    expect(judgeCheck('unknown', test('offline', 'reach'), 0)).toEqual({ status: 'offline', failures: 1 });
    expect(judgeCheck('offline', test('online'), 3)).toEqual({ status: 'online', failures: 0 });
    expect(judgeCheck('degraded', test('offline', 'reach'), 0).status).toBe('offline');
  });
});
