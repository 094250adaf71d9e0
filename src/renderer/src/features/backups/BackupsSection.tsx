import { useEffect } from 'react';
import type { BackupRepository } from '@shared/contract/backups';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import type { BackupJobFeed } from '../../store/backups-slice';
import { isJobDone } from '../../store/deployments-slice';
import { unreachableReason } from '../deployments/deployment-format';
import { BackupList, type RunBlockers } from './BackupList';
import { BackupProgress } from './BackupProgress';
import { BackupSchedule } from './BackupSchedule';
import styles from './backups.module.css';

/** Why a backup or a restore (both need the node) or a move (which does not) cannot start now. */
function blockersOf(
  detail: DeploymentDetail,
  feed: BackupJobFeed | undefined,
): RunBlockers & { backUp: string | null } {
  const busy =
    detail.activeJobId !== null || (feed && !isJobDone(feed.job))
      ? 'Wait for the operation under way on this deployment to finish.'
      : null;
  const onNode = unreachableReason(detail, detail.nodeName) ?? busy;
  return { backUp: onNode, restore: onNode, move: busy };
}

/** Instead of the buttons while no backup can be written: the repository's problem, and where to fix it. */
function RepositoryProblem({ repository }: { repository: BackupRepository }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <div className="banner banner-warn" role="status" data-testid="backup-repository-problem">
      <span>{repository.problem ?? 'The backup repository is not ready.'}</span>
      <button
        type="button"
        className={`link-button ${styles.nowrap}`}
        onClick={() => navigate({ page: 'backups' })}
      >
        Open the Backups page
      </button>
    </div>
  );
}

/** The heading, with "Back up now" beside it while the repository can take a backup. */
function BackupsHead({
  deploymentId,
  isReady,
  blocker,
}: {
  deploymentId: string;
  isReady: boolean;
  blocker: string | null;
}) {
  const backUp = useAction(useAppStore((s) => s.runBackup));
  return (
    <>
      <div className="section-head">
        <h2 id="backups-heading">Backups</h2>
        {isReady ? (
          <button
            type="button"
            className="primary"
            disabled={blocker !== null || backUp.isPending}
            title={blocker ?? undefined}
            onClick={() => void backUp.run(deploymentId)}
          >
            {backUp.isPending ? 'Starting…' : 'Back up now'}
          </button>
        ) : null}
      </div>
      <ErrorBanner error={backUp.error} onDismiss={backUp.clearError} />
    </>
  );
}

/** Loads the deployment's history and policy, and the repository they depend on, and keeps them live. */
function useBackupsOf(deploymentId: string) {
  const loadRuns = useAppStore((s) => s.loadBackups);
  const loadPolicy = useAppStore((s) => s.loadBackupPolicy);
  const loadRepository = useAppStore((s) => s.loadBackupRepository);
  const watch = useAppStore((s) => s.watchBackups);
  useEffect(() => watch(), [watch]);
  useEffect(() => void loadRepository(), [loadRepository]);
  useEffect(() => {
    void loadRuns(deploymentId);
    void loadPolicy(deploymentId);
  }, [deploymentId, loadRuns, loadPolicy]);
}

/**
 * The deployment's backups: the schedule, "Back up now" with its progress, and the history with
 * restore, move and download per backup. The history is kept on this computer, so it reads offline.
 */
export function BackupsSection({ detail }: { detail: DeploymentDetail }) {
  useBackupsOf(detail.id);
  const repository = useAppStore((s) => s.backupRepository);
  const repositoryError = useAppStore((s) => s.backupRepositoryError);
  const runs = useAppStore((s) => s.backupRuns[detail.id]);
  const error = useAppStore((s) => s.backupRunsErrors[detail.id] ?? null);
  const feed = useAppStore((s) => s.backupJobs[detail.id]);
  const isReady = repository?.isReady === true;
  const blockers = blockersOf(detail, feed);
  return (
    <section className="card" aria-labelledby="backups-heading" data-testid="backups-section">
      <BackupsHead deploymentId={detail.id} isReady={isReady} blocker={blockers.backUp} />
      <ErrorBanner error={repositoryError} />
      {repository && !isReady ? <RepositoryProblem repository={repository} /> : null}
      <BackupProgress deploymentId={detail.id} />
      <h3 className={styles.subheading}>Schedule and retention</h3>
      <BackupSchedule deploymentId={detail.id} />
      <h3 className={styles.subheading}>History</h3>
      <ErrorBanner error={error} />
      {runs?.length === 0 ? (
        <EmptyState title="No backups yet">
          <p>
            {isReady
              ? 'Press “Back up now”, or choose a schedule above and save it.'
              : 'Once the repository is ready, press “Back up now” or choose a schedule above.'}
          </p>
        </EmptyState>
      ) : null}
      {runs && runs.length > 0 ? (
        <BackupList detail={detail} runs={runs} blockers={isReady ? blockers : null} />
      ) : null}
      {!runs && !error ? <p className="muted">Loading…</p> : null}
    </section>
  );
}
