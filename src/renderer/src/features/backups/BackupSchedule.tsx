import { useState } from 'react';
import type { BackupPolicy, BackupScheduleKind, CopyMode } from '@shared/contract/backups';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { formatWhen, scheduleLabels } from './backup-format';
import {
  draftOfPolicy,
  isSamePolicy,
  parsePolicyDraft,
  retentionFields,
  type PolicyDraft,
  type PolicyErrors,
} from './policy-form-model';
import styles from './backups.module.css';

interface DraftProps {
  draft: PolicyDraft;
  errors: PolicyErrors;
  setDraft: (draft: PolicyDraft) => void;
}

const scheduleKinds = Object.keys(scheduleLabels) as BackupScheduleKind[];

function ScheduleFields({ draft, errors, setDraft }: DraftProps) {
  return (
    <div className="form-row">
      <Field label="Schedule">
        {(id) => (
          <select
            id={id}
            value={draft.schedule}
            onChange={(event) => setDraft({ ...draft, schedule: event.target.value as BackupScheduleKind })}
          >
            {scheduleKinds.map((kind) => (
              <option key={kind} value={kind}>
                {scheduleLabels[kind]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.schedule === 'cron' ? (
        <Field
          label="Cron expression"
          hint="Minute, hour, day of month, month, day of week, in this computer's time zone."
          error={errors.cron}
          isErrorAlert
        >
          {(id) => (
            <input
              id={id}
              className="mono"
              spellCheck={false}
              placeholder="0 3 * * *"
              value={draft.cron}
              onChange={(event) => setDraft({ ...draft, cron: event.target.value })}
            />
          )}
        </Field>
      ) : null}
    </div>
  );
}

const copyModes: { mode: CopyMode; label: string; hint: string }[] = [
  {
    mode: 'stopped',
    label: 'Stop briefly for a consistent copy',
    hint: 'The app stops while its volumes are copied and starts again: every file as of one moment.',
  },
  {
    mode: 'live',
    label: 'Copy while running',
    hint: 'No downtime, but a file written during the copy may be caught half-written.',
  },
];

function CopyModeChoice({ draft, setDraft }: Omit<DraftProps, 'errors'>) {
  return (
    <fieldset className={styles.choice}>
      <legend>Volumes</legend>
      {copyModes.map(({ mode, label, hint }) => (
        <label key={mode} className="checkbox">
          <input
            type="radio"
            name="backup-copy-mode"
            checked={draft.copyMode === mode}
            onChange={() => setDraft({ ...draft, copyMode: mode })}
          />
          <span>
            {label} <span className="muted">{hint}</span>
          </span>
        </label>
      ))}
      <p className="muted">
        Services whose template declares a dump command (databases such as PostgreSQL or MySQL) are dumped
        either way, while they run; this choice is for the other volumes.
      </p>
    </fieldset>
  );
}

function RetentionFields({ draft, errors, setDraft }: DraftProps) {
  return (
    <fieldset className={styles.choice}>
      <legend>Which backups to keep</legend>
      <div className={styles.retention}>
        {retentionFields.map(({ key, label }) => (
          <Field key={key} label={label} error={errors[key]}>
            {(id) => (
              <input
                id={id}
                type="number"
                min={0}
                max={1000}
                value={draft.retention[key]}
                onChange={(event) =>
                  setDraft({ ...draft, retention: { ...draft.retention, [key]: event.target.value } })
                }
              />
            )}
          </Field>
        ))}
      </div>
      <p className="muted">
        After every good backup, older ones beyond these are forgotten and their space freed; 0 turns a
        rule off.
      </p>
    </fieldset>
  );
}

function PolicyForm({ policy }: { policy: BackupPolicy }) {
  const save = useAppStore((s) => s.setBackupPolicy);
  const [draft, setDraft] = useState(() => draftOfPolicy(policy));
  const [errors, setErrors] = useState<PolicyErrors>({});
  const saving = useAction(async () => {
    const parsed = parsePolicyDraft(policy.deploymentId, draft);
    setErrors(parsed.ok ? {} : parsed.errors);
    // The saved policy remounts the form (see `choiceKey`), which takes its draft from it.
    if (parsed.ok) await save(parsed.value);
  });
  const cronError = saving.error?.field === 'cron' ? saving.error.message : errors.cron;
  const isSaved = isSamePolicy(draft, policy);
  return (
    <form
      className={styles.policyForm}
      aria-label="Backup schedule"
      onSubmit={(event) => {
        event.preventDefault();
        void saving.run();
      }}
    >
      <ErrorBanner error={saving.error?.field === 'cron' ? null : saving.error} />
      <ScheduleFields draft={draft} errors={{ ...errors, cron: cronError }} setDraft={setDraft} />
      <CopyModeChoice draft={draft} setDraft={setDraft} />
      <RetentionFields draft={draft} errors={errors} setDraft={setDraft} />
      <div className="form-actions">
        <button type="submit" disabled={isSaved || saving.isPending}>
          {saving.isPending ? 'Saving…' : 'Save schedule'}
        </button>
        <span className="muted" data-testid="backup-schedule-state">
          {!isSaved
            ? 'Unsaved changes.'
            : policy.nextRunAt
              ? `Next backup ${formatWhen(policy.nextRunAt)}.`
              : 'No scheduled backups.'}
        </span>
      </div>
    </form>
  );
}

/** Only what the user chose resets the form: a new `nextRunAt` after each run leaves typing alone. */
const choiceKey = ({ schedule, cron, copyMode, retention }: BackupPolicy): string =>
  [schedule, cron, copyMode, ...Object.values(retention)].join('|');

/** The deployment's schedule, copy mode and retention, saved with `backups:policy-set`. */
export function BackupSchedule({ deploymentId }: { deploymentId: string }) {
  const policy = useAppStore((s) => s.backupPolicies[deploymentId]);
  const error = useAppStore((s) => s.backupPolicyErrors[deploymentId] ?? null);
  if (!policy) return error ? <ErrorBanner error={error} /> : <p className="muted">Loading the schedule…</p>;
  return <PolicyForm key={choiceKey(policy)} policy={policy} />;
}
