import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { formatBytes } from '../../components/format';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { DeleteImagesOption } from './DeleteImagesOption';
import { errorViewOf, type ErrorView } from '../../store/slice';
import styles from './deployments.module.css';

type Volumes = { name: string; bytes: number | null }[];

function VolumeList({ volumes, error }: { volumes: Volumes | null; error: ErrorView | null }) {
  if (error) return <p className="muted">The volumes could not be listed: {error.message}</p>;
  if (!volumes) return <p className="muted">Looking up the volumes…</p>;
  if (volumes.length === 0) return <p className="muted">This deployment has no volumes.</p>;
  return (
    <ul className={styles.volumeList} data-testid="volumes">
      {volumes.map((volume) => (
        <li key={volume.name}>
          <span className="mono">{volume.name}</span>{' '}
          <span className="muted">{volume.bytes === null ? 'size unknown' : formatBytes(volume.bytes)}</span>
        </li>
      ))}
    </ul>
  );
}

export function DeleteDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const fetchVolumes = useAppStore((s) => s.fetchDeploymentVolumes);
  const remove = useAppStore((s) => s.deleteDeployment);
  const [volumes, setVolumes] = useState<Volumes | null>(null);
  const [volumesError, setVolumesError] = useState<ErrorView | null>(null);
  const [deleteData, setDeleteData] = useState(false);
  const [removeImages, setRemoveImages] = useState(false);
  const deleting = useAction(async () => {
    await remove(detail.id, deleteData, removeImages);
    onClose();
  });
  const isBusy = deleting.isPending;

  useEffect(() => {
    fetchVolumes(detail.id).then(setVolumes, (failure: unknown) => setVolumesError(errorViewOf(failure)));
  }, [detail.id, fetchVolumes]);

  return (
    <Dialog title={`Delete ${detail.name}?`} onClose={onClose}>
      <ErrorBanner error={deleting.error} />
      <p>
        Its containers, network and anonymous volumes are removed from {detail.nodeName}, and its ports and
        secrets are released.
        This cannot be undone.
      </p>
      <Field label="Also delete data" layout="checkbox">
        {(id) => (
          <input
            id={id}
            type="checkbox"
            checked={deleteData}
            onChange={(event) => setDeleteData(event.target.checked)}
          />
        )}
      </Field>
      <VolumeList volumes={volumes} error={volumesError} />
      <p className="muted">
        {deleteData
          ? 'The volumes above are deleted with everything in them.'
          : 'The volumes above are kept on the node.'}
      </p>
      <DeleteImagesOption deploymentId={detail.id} isChecked={removeImages} onChange={setRemoveImages} />
      <DialogActions
        confirmLabel={isBusy ? 'Deleting…' : 'Delete deployment'}
        tone="danger"
        isDisabled={isBusy}
        onConfirm={() => void deleting.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
