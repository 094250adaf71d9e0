import { useState } from 'react';
import type { BackupRun } from '@shared/contract/backups';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { formatBytes } from '../../components/format';
import {
  dumpedServices,
  formatDuration,
  formatWhen,
  runStatusClass,
  triggerLabels,
  volumeItems,
} from './backup-format';
import { ExportDialog } from './ExportDialog';
import { MoveDialog } from './MoveDialog';
import { RestoreDialog } from './RestoreDialog';
import styles from './backups.module.css';

/** Why a restore or a move cannot start now; null where it can. */
export interface RunBlockers {
  restore: string | null;
  move: string | null;
}

type Opened = { kind: 'restore' | 'move' | 'export'; run: BackupRun };

function RunActions({
  blockers,
  hasVolumes,
  onOpen,
}: {
  blockers: RunBlockers;
  hasVolumes: boolean;
  onOpen: (kind: Opened['kind']) => void;
}) {
  return (
    <div className={styles.runActions}>
      <button
        type="button"
        disabled={blockers.restore !== null}
        title={blockers.restore ?? undefined}
        onClick={() => onOpen('restore')}
      >
        Restore
      </button>
      <button
        type="button"
        disabled={blockers.move !== null}
        title={blockers.move ?? undefined}
        onClick={() => onOpen('move')}
      >
        Move to node…
      </button>
      {hasVolumes ? (
        <button type="button" onClick={() => onOpen('export')}>
          Download a volume…
        </button>
      ) : null}
    </div>
  );
}

function RunRow({
  run,
  blockers,
  onOpen,
}: {
  run: BackupRun;
  blockers: RunBlockers | null;
  onOpen: (kind: Opened['kind']) => void;
}) {
  const dumped = dumpedServices(run);
  const isDone = run.status !== 'running';
  return (
    <tr data-testid="backup-row" data-run-id={run.id} data-status={run.status}>
      <td>
        <time dateTime={run.startedAt}>{formatWhen(run.startedAt)}</time>
      </td>
      <td>
        {triggerLabels[run.trigger]}
        {run.copyMode === 'live' ? <div className="muted">copied while running</div> : null}
      </td>
      <td>
        <span className={runStatusClass[run.status]}>{run.status}</span>
        {run.error ? <div className={styles.failedText}>{run.error}</div> : null}
      </td>
      <td className={styles.nowrap}>
        {isDone ? formatBytes(run.bytes) : '—'}
        {isDone ? <div className="muted">{formatBytes(run.addedBytes)} added</div> : null}
      </td>
      <td className={styles.nowrap}>{formatDuration(run.durationMs)}</td>
      <td>{dumped.length > 0 ? dumped.join(', ') : '—'}</td>
      <td>
        {blockers && run.status === 'succeeded' ? (
          <RunActions blockers={blockers} hasVolumes={volumeItems(run).length > 0} onOpen={onOpen} />
        ) : null}
      </td>
    </tr>
  );
}

/**
 * The deployment's backups, newest first. `blockers` is null while the repository is not ready: then
 * the list is only read, and nothing offers to restore, move or download.
 */
export function BackupList({
  detail,
  runs,
  blockers,
}: {
  detail: DeploymentDetail;
  runs: BackupRun[];
  blockers: RunBlockers | null;
}) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const close = () => setOpened(null);
  return (
    <>
      <table className="table" aria-label="Backup history" data-testid="backups">
        <thead>
          <tr>
            <th>Date</th>
            <th>Trigger</th>
            <th>Status</th>
            <th>Size</th>
            <th>Duration</th>
            <th>Dumped</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.id} run={run} blockers={blockers} onOpen={(kind) => setOpened({ kind, run })} />
          ))}
        </tbody>
      </table>
      {opened?.kind === 'restore' ? <RestoreDialog run={opened.run} detail={detail} onClose={close} /> : null}
      {opened?.kind === 'move' ? <MoveDialog run={opened.run} detail={detail} onClose={close} /> : null}
      {opened?.kind === 'export' ? <ExportDialog run={opened.run} onClose={close} /> : null}
    </>
  );
}
