import { useState } from 'react';
import type { BackupRun } from '@shared/contract/backups';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatBytes } from '../../components/format';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { formatWhen, volumeItems } from './backup-format';
import styles from './backups.module.css';

type Volume = ReturnType<typeof volumeItems>[number];
const volumeName = (volume: Volume): string => `${volume.service}/${volume.volume}`;

/** Writes one volume of a backup as a tar file on this computer (`backups:export`) and says where. */
export function ExportDialog({ run, onClose }: { run: BackupRun; onClose: () => void }) {
  const exportVolume = useAppStore((s) => s.exportBackupVolume);
  const [saving, setSaving] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ name: string; path: string; bytes: number } | null>(null);
  const exporting = useAction(async (volume: Volume) => {
    setSaving(volumeName(volume));
    try {
      const { path, bytes } = await exportVolume({
        runId: run.id,
        service: volume.service,
        volume: volume.volume,
      });
      setSaved({ name: volumeName(volume), path, bytes });
    } finally {
      setSaving(null);
    }
  });
  const volumes = volumeItems(run);
  return (
    <Dialog title="Download a volume" onClose={onClose}>
      <p>One volume of the backup of {formatWhen(run.startedAt)}, written as a tar file on this computer.</p>
      <ErrorBanner error={exporting.error} />
      {volumes.length === 0 ? (
        <p className="muted">This backup holds database dumps only, no volumes.</p>
      ) : null}
      <ul className={styles.volumeList} aria-label="Volumes">
        {volumes.map((volume) => (
          <li key={volume.snapshotId}>
            <span className="mono">{volumeName(volume)}</span>
            <span className="muted">{formatBytes(volume.bytes)}</span>
            <button
              type="button"
              aria-label={`Download ${volumeName(volume)}`}
              disabled={saving !== null}
              onClick={() => void exporting.run(volume)}
            >
              {saving === volumeName(volume) ? 'Saving…' : 'Download'}
            </button>
          </li>
        ))}
      </ul>
      {saved ? (
        <div role="status" data-testid="backup-export-path">
          <p>
            {saved.name} ({formatBytes(saved.bytes)}) was saved to <span className="mono">{saved.path}</span>
          </p>
          <CopyButton text={saved.path} label="Copy the path" />
        </div>
      ) : null}
      <div className="page-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
