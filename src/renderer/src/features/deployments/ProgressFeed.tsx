import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useAppStore } from '../../store';
import { isJobDone, type JobFeed } from '../../store/deployments-slice';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { formatTime } from './deployment-format';
import styles from './deployments.module.css';

const operationLabels: Record<string, string> = {
  'deployment:deploy': 'Deploying',
  'deployment:start': 'Starting',
  'deployment:stop': 'Stopping',
  'deployment:restart': 'Restarting',
  'deployment:update': 'Updating',
  'deployment:rollback': 'Rolling back',
  'deployment:delete': 'Deleting',
  'deployment:backup': 'Backing up',
  'deployment:restore': 'Restoring',
};

/** A job's steps, newest last, the current one in bold with its progress bar: every job feed's list. */
export function ProgressSteps({
  entries,
  label,
  testId,
}: {
  entries: JobFeed['entries'];
  label?: string;
  testId?: string;
}) {
  return (
    <ol className={styles.progressFeed} aria-live="polite" aria-label={label} data-testid={testId}>
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`} className={index === entries.length - 1 ? styles.current : undefined}>
          <time dateTime={entry.at} className="muted">
            {formatTime(entry.at)}
          </time>
          <span>{entry.step}</span>
          {entry.detail ? <span className="muted">{entry.detail}</span> : null}
          {entry.fraction !== undefined && index === entries.length - 1 ? (
            <ProgressBar fraction={entry.fraction} label={entry.step} />
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The steps of the operation under way, live from `jobs:changed`, newest last. */
export function ProgressFeed({ deploymentId }: { deploymentId: string }) {
  const feed = useAppStore((s) => s.jobFeeds[deploymentId]);
  const cancel = useAppStore((s) => s.cancelJob);
  const [error, setError] = useState<ErrorView | null>(null);
  const [isCancelling, setIsCancelling] = useState(false);
  if (!feed) return null;
  const { job, entries } = feed;

  const cancelJob = async () => {
    setIsCancelling(true);
    try {
      await cancel(job.id);
    } catch (failure) {
      setError(errorViewOf(failure));
      setIsCancelling(false);
    }
  };
  return (
    <section className="card" aria-labelledby="progress-heading" data-testid="progress-feed">
      <div className="section-head">
        <h2 id="progress-heading">
          {operationLabels[job.kind] ?? job.kind} <span className="muted">({job.status})</span>
        </h2>
        {isJobDone(job) ? null : (
          <button type="button" disabled={isCancelling} onClick={() => void cancelJob()}>
            {isCancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      <ErrorBanner error={error} />
      <ProgressSteps entries={entries} />
    </section>
  );
}
