import { useState } from 'react';
import type { BackupRepository } from '@shared/contract/backups';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { formatBytes } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { isJobDone } from '../../store/deployments-slice';
import { formatWhen } from './backup-format';
import styles from './backups.module.css';

function LastCheck({ check }: { check: BackupRepository['lastCheck'] }) {
  if (!check) return <>Never checked</>;
  return (
    <>
      <span className={check.isOk ? 'badge badge-ok' : 'badge badge-error'}>
        {check.isOk ? 'passed' : 'failed'}
      </span>{' '}
      {formatWhen(check.at)}
      {check.message ? <div className={check.isOk ? 'muted' : styles.failedText}>{check.message}</div> : null}
    </>
  );
}

function RepositoryFacts({ repository }: { repository: BackupRepository }) {
  const { location, isDefaultLocation, isReady, problem, restic, sizeBytes, lastCheck } = repository;
  return (
    <dl className="facts" data-testid="backup-repository-facts">
      <dt>Location</dt>
      <dd>
        <span className="mono">{location}</span>{' '}
        {isDefaultLocation ? <span className="badge">default</span> : null}
      </dd>
      <dt>Status</dt>
      <dd data-testid="backup-repository-status">
        <span className={isReady ? 'badge badge-ok' : 'badge badge-error'}>
          {isReady ? 'ready' : 'not ready'}
        </span>
        {problem ? <div className={styles.failedText}>{problem}</div> : null}
      </dd>
      <dt>restic</dt>
      <dd>
        {restic ? (
          <>
            {restic.version} <span className="mono">{restic.path}</span>
          </>
        ) : (
          'Not found'
        )}
      </dd>
      <dt>Size</dt>
      <dd>{sizeBytes === null ? 'unknown' : formatBytes(sizeBytes)}</dd>
      <dt>Last check</dt>
      <dd data-testid="backup-repository-check">
        <LastCheck check={lastCheck} />
      </dd>
    </dl>
  );
}

/**
 * The heading with "Check now" (`restic check`, a job), and the check's progress while it runs; its
 * result lands in Last check.
 */
function RepositoryHead({ isReady }: { isReady: boolean | null }) {
  const feed = useAppStore((s) => s.backupCheckJob);
  const checking = useAction(useAppStore((s) => s.checkBackupRepository));
  const isRunning = feed !== null && !isJobDone(feed.job);
  const current = isRunning ? feed.entries.at(-1) : undefined;
  return (
    <>
      <div className="section-head">
        <h2 id="backup-repository-heading">Repository</h2>
        {isReady !== null ? (
          <button
            type="button"
            disabled={!isReady || isRunning || checking.isPending}
            title={isReady ? undefined : 'The repository is not ready.'}
            onClick={() => void checking.run()}
          >
            {isRunning || checking.isPending ? 'Checking…' : 'Check now'}
          </button>
        ) : null}
      </div>
      {current ? (
        <div className={styles.progress} aria-live="polite" data-testid="backup-check-progress">
          <strong>Checking: {current.step}</strong>
          {current.fraction !== undefined ? (
            <ProgressBar fraction={current.fraction} label="Check progress" />
          ) : null}
          {current.detail ? <span className="muted">{current.detail}</span> : null}
        </div>
      ) : null}
      {feed?.job.status === 'failed' ? (
        <p className={styles.failedText} role="alert">
          The check could not run: {feed.job.error?.message ?? 'the app gave no reason.'}
        </p>
      ) : null}
      <ErrorBanner error={checking.error} />
    </>
  );
}

function LocationFields({
  location,
  password,
  errorOf,
  onLocation,
  onPassword,
}: {
  location: string;
  password: string;
  errorOf: (field: string) => string | null;
  onLocation: (location: string) => void;
  onPassword: (password: string) => void;
}) {
  return (
    <div className="form-row">
      <Field label="Location" error={errorOf('location')} isErrorAlert className={styles.grow}>
        {(id) => (
          <input
            id={id}
            spellCheck={false}
            placeholder="the default folder"
            value={location}
            onChange={(e) => onLocation(e.target.value)}
          />
        )}
      </Field>
      <Field label="Password (optional)" error={errorOf('password')} isErrorAlert>
        {(id) => (
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => onPassword(e.target.value)}
          />
        )}
      </Field>
    </div>
  );
}

function LocationForm({ repository }: { repository: BackupRepository }) {
  const save = useAppStore((s) => s.setBackupRepository);
  const current = repository.isDefaultLocation ? '' : repository.location;
  const [location, setLocation] = useState(current);
  const [password, setPassword] = useState('');
  const saving = useAction(async () => {
    await save({ location: location.trim(), ...(password ? { password } : {}) });
    setPassword('');
  });
  const fieldError = (field: string) => (saving.error?.field === field ? saving.error.message : null);
  const isFieldError = saving.error?.field === 'location' || saving.error?.field === 'password';
  return (
    <form
      className={styles.policyForm}
      aria-label="Repository location"
      onSubmit={(event) => {
        event.preventDefault();
        void saving.run();
      }}
    >
      <h3 className={styles.subheading}>Change the location</h3>
      <ErrorBanner error={isFieldError ? null : saving.error} />
      <LocationFields
        location={location}
        password={password}
        errorOf={fieldError}
        onLocation={setLocation}
        onPassword={setPassword}
      />
      <p className="muted">
        A folder on this computer or any restic location (
        <span className="mono">sftp:user@host:/backups</span>, <span className="mono">s3:…</span>,{' '}
        <span className="mono">rest:…</span>); empty for the default folder. The password is needed only for
        an existing repository and is kept in the keychain once it opens; a new repository gets a generated
        one.
      </p>
      <div className="form-actions">
        <button type="submit" disabled={saving.isPending || (location.trim() === current && password === '')}>
          {saving.isPending ? 'Opening…' : 'Use this location'}
        </button>
      </div>
    </form>
  );
}

/** The one restic repository every backup goes to: where, whether it opens, its size and last check. */
export function RepositoryCard() {
  const repository = useAppStore((s) => s.backupRepository);
  const error = useAppStore((s) => s.backupRepositoryError);
  return (
    <section className="card" aria-labelledby="backup-repository-heading" data-testid="backup-repository">
      <RepositoryHead isReady={repository?.isReady ?? null} />
      <ErrorBanner error={error} />
      {repository ? <RepositoryFacts repository={repository} /> : null}
      {!repository && !error ? <p className="muted">Loading…</p> : null}
      {repository ? <LocationForm key={repository.location} repository={repository} /> : null}
    </section>
  );
}
