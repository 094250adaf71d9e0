import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import type { BackupJobFeed } from '../../store/backups-slice';
import { isJobDone } from '../../store/deployments-slice';
import { formatTime } from '../deployments/deployment-format';
import { operationLabels } from './backup-format';
import styles from './backups.module.css';

/** How the last job ended: a failure in red with the core's reason, anything else in a quiet line. */
function JobOutcome({ feed }: { feed: BackupJobFeed }) {
  const { job, operation } = feed;
  const label = operationLabels[operation].done;
  const at = formatTime(job.updatedAt);
  if (job.status === 'failed')
    return (
      <p className={styles.failedText} role="alert" data-testid="backup-outcome" data-status={job.status}>
        {label} failed at {at}: {job.error?.message ?? 'the app gave no reason.'}
      </p>
    );
  return (
    <p className="muted" role="status" data-testid="backup-outcome" data-status={job.status}>
      {label} {job.status === 'succeeded' ? 'finished' : job.status} at {at}.
    </p>
  );
}

/**
 * The backup, restore or move under way on the deployment, live from `jobs:changed`: its step, the
 * bytes and rate the core reports, a bar where the share done is known, and Cancel (`jobs:cancel`).
 */
export function BackupProgress({ deploymentId }: { deploymentId: string }) {
  const feed = useAppStore((s) => s.backupJobs[deploymentId]);
  const cancel = useAppStore((s) => s.cancelJob);
  const cancelling = useAction(cancel);
  if (!feed) return null;
  if (isJobDone(feed.job)) return <JobOutcome feed={feed} />;
  const labels = operationLabels[feed.operation];
  const current = feed.entries.at(-1);
  return (
    <div className={styles.progress} aria-live="polite" data-testid="backup-progress">
      <div className={styles.progressHead}>
        <strong>
          {labels.running}
          {current ? `: ${current.step}` : '…'}
        </strong>
        <button
          type="button"
          aria-label={`Cancel ${labels.done.toLowerCase()}`}
          disabled={cancelling.isPending}
          onClick={() => void cancelling.run(feed.job.id)}
        >
          {cancelling.isPending ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      {current?.fraction !== undefined ? (
        <ProgressBar fraction={current.fraction} label={`${labels.running} progress`} />
      ) : null}
      {current?.detail ? (
        <span className="muted" data-testid="backup-progress-detail">
          {current.detail}
        </span>
      ) : null}
      <ErrorBanner error={cancelling.error} />
    </div>
  );
}
