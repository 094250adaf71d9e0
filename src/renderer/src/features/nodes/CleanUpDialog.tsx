import { useEffect, useState } from 'react';
import type { PrunePreview, PruneResult } from '@shared/contract/inventory';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatBytes } from '../../components/format';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { countText, countsOf, previewCount, shortId } from './inventory-model';
import styles from './inventory.module.css';

const sizeOf = (bytes: number | null) => (bytes === null ? 'size unknown' : formatBytes(bytes));

function PreviewList({ preview }: { preview: PrunePreview }) {
  const rows = [
    ...preview.images.map((image) => ({
      key: image.id,
      what: image.tags.length > 0 ? `Image ${image.tags.join(', ')}` : `Untagged image ${shortId(image.id)}`,
      bytes: image.bytes,
    })),
    ...preview.buildCache.map((record) => ({
      key: record.id,
      what: `Build cache: ${record.description}`,
      bytes: record.bytes,
    })),
    ...preview.volumes.map((volume) => ({
      key: volume.name,
      what: `Volume ${volume.name} (its deployment was deleted)`,
      bytes: volume.bytes,
    })),
  ];
  return (
    <ul className={styles.pruneList} data-testid="prune-preview">
      {rows.map((row) => (
        <li key={row.key}>
          <span className="mono">{row.what}</span> <span className="muted">{sizeOf(row.bytes)}</span>
        </li>
      ))}
    </ul>
  );
}

function ResultView({ result }: { result: PruneResult }) {
  const { images, buildCache, volumes } = result.removed;
  return (
    <div data-testid="prune-result">
      <p>
        Removed {countText({ images: images.length, buildCache: buildCache.length, volumes: volumes.length })}
        : {formatBytes(result.reclaimedBytes)} given back.
      </p>
      {result.skipped.length > 0 ? (
        <>
          <p>Skipped, because they changed since the preview:</p>
          <ul className={styles.pruneList}>
            {result.skipped.map((skip) => (
              <li key={`${skip.kind}:${skip.id}`}>
                <span className="mono">{skip.kind === 'image' ? shortId(skip.id) : skip.id}</span>
                <span className="muted">{skip.reason}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type Step =
  | { kind: 'previewing' }
  | { kind: 'preview'; preview: PrunePreview }
  | { kind: 'removing'; preview: PrunePreview }
  | { kind: 'done'; result: PruneResult };

/** The clean-up's steps: the preview asked for at once, then the removal of exactly its items. */
function useCleanUp(nodeId: string, onDone: () => void) {
  const api = useApi();
  const [step, setStep] = useState<Step>({ kind: 'previewing' });
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    api['inventory:prune-preview']({ nodeId }).then(
      (preview) => setStep({ kind: 'preview', preview }),
      (failure: unknown) => setError(errorViewOf(failure)),
    );
  }, [api, nodeId]);

  const remove = async (preview: PrunePreview) => {
    setStep({ kind: 'removing', preview });
    setError(null);
    try {
      const result = await api['inventory:prune']({
        nodeId,
        imageIds: preview.images.map((image) => image.id),
        buildCacheIds: preview.buildCache.map((record) => record.id),
        volumeNames: preview.volumes.map((volume) => volume.name),
      });
      setStep({ kind: 'done', result });
      onDone();
    } catch (failure) {
      setError(errorViewOf(failure));
      setStep({ kind: 'preview', preview });
    }
  };
  return { step, error, remove };
}

/**
 * Clean up a node: a preview of exactly what goes and how much space comes back, a confirmation,
 * then the removal of those items only (passed back by id) and what was skipped and why.
 */
export function CleanUpDialog({
  nodeId,
  onClose,
  onDone,
}: {
  nodeId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { step, error, remove } = useCleanUp(nodeId, onDone);
  return (
    <Dialog title="Clean up this node" onClose={onClose}>
      <ErrorBanner error={error} />
      <CleanUpBody step={step} hasError={error !== null} />
      {step.kind === 'preview' && previewCount(step.preview) > 0 ? (
        <DialogActions
          confirmLabel={`Remove ${countText(countsOf(step.preview))}`}
          tone="danger"
          onConfirm={() => void remove(step.preview)}
          onCancel={onClose}
        />
      ) : (
        <DialogActions
          confirmLabel={step.kind === 'removing' ? 'Removing…' : 'Close'}
          isDisabled={step.kind === 'removing'}
          onConfirm={onClose}
          cancelLabel="Cancel"
          onCancel={onClose}
        />
      )}
    </Dialog>
  );
}

function CleanUpBody({ step, hasError }: { step: Step; hasError: boolean }) {
  if (step.kind === 'previewing')
    return hasError ? null : (
      <p className="muted">Measuring what can go (Docker’s disk usage; a big node takes a while)…</p>
    );
  if (step.kind === 'done') return <ResultView result={step.result} />;
  const { preview } = step;
  const count = previewCount(preview);
  const waiting =
    preview.imagesWaitFor.length > 0 ? (
      <p className="muted" data-testid="images-wait">
        No image is offered while {preview.imagesWaitFor.join(', ')} is being deployed or updated here (it may
        have pulled one no container uses yet); clean up again once that is done.
      </p>
    ) : null;
  if (count === 0)
    return (
      <>
        <p>Nothing to clean up: every image, volume and build cache record is in use.</p>
        {waiting}
      </>
    );
  return (
    <>
      {waiting}
      <p>
        These {count} items go, giving back up to <strong>{formatBytes(preview.totalBytes)}</strong> (images
        that share layers give back less). Nothing a deployment uses, and no volume this app did not make, is
        touched. This cannot be undone.
      </p>
      <PreviewList preview={preview} />
      {step.kind === 'removing' ? <p className="muted">Removing…</p> : null}
    </>
  );
}
