import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { intervalOf, isStale, nextRunAfter, policyFrom } from './schedules';

const from = new Date(2026, 11, 6, 12, 0, 0);
const HOUR = 3_600_000;

describe('backup schedules', () => {
  it('runs daily at 03:00 and weekly on Sunday at 03:00, this computer’s time', () => {
    const daily = new Date(nextRunAfter({ schedule: 'daily', cron: '' }, from) ?? '');
    expect([daily.getDate(), daily.getHours(), daily.getMinutes()]).toEqual([7, 3, 0]);
    const weekly = new Date(nextRunAfter({ schedule: 'weekly', cron: '' }, from) ?? '');
    expect([weekly.getDay(), weekly.getHours()]).toEqual([0, 3]);
    expect(weekly.getTime()).toBeGreaterThan(from.getTime());
    expect(nextRunAfter({ schedule: 'off', cron: '' }, from)).toBeNull();
  });

  it('takes a cron expression, and its interval from its next two runs', () => {
    expect(intervalOf({ schedule: 'cron', cron: '*/30 * * * *' }, from)).toBe(HOUR / 2);
    expect(intervalOf({ schedule: 'daily', cron: '' }, from)).toBe(24 * HOUR);
    expect(intervalOf({ schedule: 'off', cron: '' }, from)).toBeNull();
  });

  it('refuses a missing or invalid cron expression, on the cron field', () => {
    const refusal = (cron: string) => {
      try {
        policyFrom({ deploymentId: 'd', schedule: 'cron', cron }, from);
      } catch (error) {
        return error instanceof AppError ? `${error.code} ${error.field ?? ''}` : String(error);
      }
      return 'accepted';
    };
    expect(refusal('')).toBe('invalid_input cron');
    expect(refusal('every tuesday')).toBe('invalid_input cron');
    expect(refusal('0 2 * * 1-5')).toBe('accepted');
  });

  it('calls a backup stale once it is older than twice the interval', () => {
    const policy = policyFrom({ deploymentId: 'd', schedule: 'daily' }, from);
    const at = (hoursAgo: number) => new Date(from.getTime() - hoursAgo * HOUR).toISOString();
    expect(isStale(policy, at(47), from)).toBe(false);
    expect(isStale(policy, at(49), from)).toBe(true);
    expect(isStale(policy, null, from)).toBe(false);
    expect(isStale(policyFrom({ deploymentId: 'd', schedule: 'off' }, from), at(1000), from)).toBe(false);
  });
});
