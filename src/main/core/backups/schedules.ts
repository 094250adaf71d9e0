import { Cron } from 'croner';
import type { BackupPolicy, BackupPolicyInput } from '@shared/contract/backups';
import { backupPolicyInputSchema } from '@shared/contract/backups';
import { AppError } from '@shared/result';

/** Daily and weekly backups run at 03:00 this computer's time (weekly on Sundays). */
const PATTERNS = { daily: '0 3 * * *', weekly: '0 3 * * 0' } as const;

const patternOf = (policy: Pick<BackupPolicy, 'schedule' | 'cron'>): string | null =>
  policy.schedule === 'off' ? null : policy.schedule === 'cron' ? policy.cron : PATTERNS[policy.schedule];

function cronOf(pattern: string): Cron {
  try {
    return new Cron(pattern, { paused: true });
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `"${pattern}" is not a cron expression: ${error instanceof Error ? error.message : String(error)}. Use five fields, e.g. "30 2 * * 1-5" for 02:30 on weekdays.`,
      { field: 'cron' },
    );
  }
}

/** When the schedule next runs after `from`; null when it is off. */
export function nextRunAfter(policy: Pick<BackupPolicy, 'schedule' | 'cron'>, from: Date): string | null {
  const pattern = patternOf(policy);
  return pattern === null ? null : (cronOf(pattern).nextRun(from)?.toISOString() ?? null);
}

/** The time between two runs of the schedule, from `from`; null when it is off. */
export function intervalOf(policy: Pick<BackupPolicy, 'schedule' | 'cron'>, from: Date): number | null {
  const pattern = patternOf(policy);
  if (pattern === null) return null;
  const [first, second] = cronOf(pattern).nextRuns(2, from);
  return first && second ? second.getTime() - first.getTime() : null;
}

/** A policy as asked for, checked (a cron schedule needs a valid expression) and with its next run. */
export function policyFrom(input: BackupPolicyInput, now: Date): BackupPolicy {
  const parsed = backupPolicyInputSchema.parse(input);
  if (parsed.schedule === 'cron' && parsed.cron === '')
    throw new AppError('invalid_input', 'Type a cron expression, e.g. "0 2 * * *" for 02:00 every day.', { field: 'cron' });
  const policy = { ...parsed, cron: parsed.schedule === 'cron' ? parsed.cron : '' };
  return { ...policy, nextRunAt: nextRunAfter(policy, now) };
}

export const defaultPolicy = (deploymentId: string, now: Date): BackupPolicy =>
  policyFrom({ deploymentId, schedule: 'off' }, now);

/** A scheduled deployment whose last good backup is older than twice its interval. */
export function isStale(policy: BackupPolicy, lastSuccessAt: string | null, now: Date): boolean {
  const interval = intervalOf(policy, now);
  if (interval === null || lastSuccessAt === null) return false;
  return now.getTime() - Date.parse(lastSuccessAt) > 2 * interval;
}
