import { describe, expect, it } from 'vitest';
import type { BackupItem, BackupPolicy } from '@shared/contract/backups';
import { dumpedServices, formatDuration, scheduleText, volumeItems } from './backup-format';
import { draftOfPolicy, isSamePolicy, parsePolicyDraft } from './policy-form-model';

const item = (service: string, volume: string | null): BackupItem => ({
  service,
  volume,
  kind: volume === null ? 'dump' : 'volume',
  snapshotId: `${service}-${volume ?? 'dump'}`,
  bytes: 10,
  addedBytes: 1,
});

const policy: BackupPolicy = {
  deploymentId: 'd1',
  schedule: 'daily',
  cron: '',
  copyMode: 'stopped',
  retention: { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
  nextRunAt: null,
};

describe('backup formats', () => {
  it('says a duration in the largest units that matter', () => {
    expect([null, 850, 42_000, 180_000, 185_000, 4_320_000, 3_600_000].map(formatDuration)).toEqual([
      '—',
      '850 ms',
      '42 s',
      '3 min',
      '3 min 5 s',
      '1 h 12 min',
      '1 h',
    ]);
  });

  it('names the dumped services once and the volumes that can be written out', () => {
    const items = [item('db', null), item('db', 'pgdata'), item('web', 'uploads'), item('db', null)];
    expect(dumpedServices({ items })).toEqual(['db']);
    expect(volumeItems({ items }).map((i) => `${i.service}/${i.volume}`)).toEqual([
      'db/pgdata',
      'web/uploads',
    ]);
    expect(scheduleText({ schedule: 'cron', cron: '0 3 * * 1' })).toBe('Cron 0 3 * * 1');
    expect(scheduleText(policy)).toBe('Daily');
  });
});

describe('the schedule form', () => {
  it('turns a draft into the policy input, keeping the expression only for a cron schedule', () => {
    const draft = {
      ...draftOfPolicy(policy),
      cron: '0 3 * * *',
      retention: { ...draftOfPolicy(policy).retention, keepLast: ' 3 ' },
    };
    expect(parsePolicyDraft('d1', draft)).toEqual({
      ok: true,
      value: {
        deploymentId: 'd1',
        schedule: 'daily',
        cron: '',
        copyMode: 'stopped',
        retention: { ...policy.retention, keepLast: 3 },
      },
    });
    const cron = parsePolicyDraft('d1', { ...draft, schedule: 'cron', cron: ' 0 3 * * * ' });
    expect(cron.ok && cron.value.cron).toBe('0 3 * * *');
  });

  it('says what is wrong with an empty expression and with counts that are not whole numbers', () => {
    const draft = draftOfPolicy({ ...policy, schedule: 'cron' });
    const parsed = parsePolicyDraft('d1', {
      ...draft,
      retention: { ...draft.retention, keepDaily: '', keepWeekly: '2.5', keepMonthly: '-1' },
    });
    expect(parsed.ok ? [] : Object.keys(parsed.errors).sort()).toEqual([
      'cron',
      'keepDaily',
      'keepMonthly',
      'keepWeekly',
    ]);
  });

  it('tells a changed draft from the saved policy, ignoring spaces and a hidden expression', () => {
    const draft = draftOfPolicy(policy);
    expect(isSamePolicy({ ...draft, cron: 'left over' }, policy)).toBe(true);
    expect(isSamePolicy({ ...draft, retention: { ...draft.retention, keepLast: ' 7' } }, policy)).toBe(true);
    expect(isSamePolicy({ ...draft, copyMode: 'live' }, policy)).toBe(false);
    expect(isSamePolicy({ ...draft, schedule: 'cron', cron: '0 3 * * *' }, policy)).toBe(false);
  });
});
