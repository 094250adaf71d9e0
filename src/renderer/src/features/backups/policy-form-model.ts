import {
  backupPolicyInputSchema,
  type BackupPolicy,
  type BackupPolicyInput,
  type BackupScheduleKind,
  type CopyMode,
  type Retention,
} from '@shared/contract/backups';

export type RetentionKey = keyof Retention;

/** The schedule form as typed: retention counts stay text until they are saved. */
export interface PolicyDraft {
  schedule: BackupScheduleKind;
  cron: string;
  copyMode: CopyMode;
  retention: Record<RetentionKey, string>;
}

export type PolicyErrors = Partial<Record<'cron' | RetentionKey, string>>;

export const retentionFields: readonly { key: RetentionKey; label: string }[] = [
  { key: 'keepLast', label: 'Keep last' },
  { key: 'keepDaily', label: 'Keep daily' },
  { key: 'keepWeekly', label: 'Keep weekly' },
  { key: 'keepMonthly', label: 'Keep monthly' },
];

export const draftOfPolicy = (policy: BackupPolicy): PolicyDraft => ({
  schedule: policy.schedule,
  cron: policy.cron,
  copyMode: policy.copyMode,
  retention: {
    keepLast: String(policy.retention.keepLast),
    keepDaily: String(policy.retention.keepDaily),
    keepWeekly: String(policy.retention.keepWeekly),
    keepMonthly: String(policy.retention.keepMonthly),
  },
});

const keepCountOf = (text: string): number | null => {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 1000 ? value : null;
};

/**
 * The draft as `backups:policy-set` takes it, or what is wrong with each field. Only a cron schedule
 * keeps its expression; whether the expression is valid is the core's to say (croner).
 */
export function parsePolicyDraft(
  deploymentId: string,
  draft: PolicyDraft,
): { ok: true; value: BackupPolicyInput } | { ok: false; errors: PolicyErrors } {
  const errors: PolicyErrors = {};
  const isCron = draft.schedule === 'cron';
  if (isCron && draft.cron.trim() === '')
    errors.cron = 'Type a cron expression, such as 0 3 * * * for 03:00 every day.';
  const retention: Partial<Retention> = {};
  for (const { key } of retentionFields) {
    const count = keepCountOf(draft.retention[key]);
    if (count === null) errors[key] = 'A whole number from 0 to 1000.';
    else retention[key] = count;
  }
  const parsed = backupPolicyInputSchema.safeParse({
    deploymentId,
    schedule: draft.schedule,
    cron: isCron ? draft.cron : '',
    copyMode: draft.copyMode,
    retention,
  });
  if (!parsed.success && !errors.cron && parsed.error.issues.some((issue) => issue.path[0] === 'cron'))
    errors.cron = 'A cron expression has five fields and at most 120 characters.';
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

export const isSamePolicy = (draft: PolicyDraft, policy: BackupPolicy): boolean => {
  const saved = draftOfPolicy(policy);
  return (
    draft.schedule === saved.schedule &&
    (draft.schedule !== 'cron' || draft.cron.trim() === saved.cron) &&
    draft.copyMode === saved.copyMode &&
    retentionFields.every(({ key }) => draft.retention[key].trim() === saved.retention[key])
  );
};
