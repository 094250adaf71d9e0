import type { BackupRun } from '@shared/contract/backups';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store';
import { serviceList } from '../deployments/deployment-format';
import { dumpedServices, formatWhen } from './backup-format';

/**
 * Asks before a restore: the app goes down and its data is replaced. What it holds now is backed up
 * first (by the core, as a `before-restore` backup), so saying yes loses nothing.
 */
export function RestoreDialog({
  run,
  detail,
  onClose,
}: {
  run: BackupRun;
  detail: DeploymentDetail;
  onClose: () => void;
}) {
  const restore = useAppStore((s) => s.restoreBackup);
  const dumped = dumpedServices(run);
  const isRunning = detail.status === 'running' || detail.status === 'degraded';
  return (
    <ConfirmDialog
      title={`Restore the backup of ${formatWhen(run.startedAt)}?`}
      confirmLabel="Restore"
      pendingLabel="Starting the restore…"
      action={() => restore(run)}
      onClose={onClose}
    >
      <p data-testid="restore-consequence">
        {detail.name} stops while its data is replaced. Its current data is backed up first, so you can go
        back to it from the list of backups.{' '}
        {isRunning
          ? 'Then it is started again.'
          : 'It is not running now; it is started once the data is in place.'}
      </p>
      {dumped.length > 0 ? (
        <p className="muted">
          The database dumps of {serviceList(dumped)} are loaded with the template&apos;s restore command.
        </p>
      ) : null}
      {run.templateVersion !== detail.templateVersion ? (
        <p className="muted">
          This backup was taken with version {run.templateVersion}; {detail.name} runs version{' '}
          {detail.templateVersion} now.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
