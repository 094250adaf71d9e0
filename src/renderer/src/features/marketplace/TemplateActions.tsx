import { useState } from 'react';
import type { TemplateDetail } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { downloadText } from './download';
import styles from './marketplace.module.css';

type Run = (work: () => Promise<unknown>) => Promise<void>;

/** Runs a button's work and keeps its failure for the banner above the buttons. */
function useGuardedRun() {
  const [error, setError] = useState<ErrorView | null>(null);
  const run: Run = async (work) => {
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(errorViewOf(failure));
    }
  };
  return { run, error, dismiss: () => setError(null) };
}

/** Edit and publish or unpublish: for templates this app may change. */
function OwnerButtons({ detail, run }: { detail: TemplateDetail; run: Run }) {
  const navigate = useAppStore((s) => s.navigate);
  const publish = useAppStore((s) => s.publishTemplate);
  const unpublish = useAppStore((s) => s.unpublishTemplate);
  const { id } = detail.summary;
  const { version, status } = detail.selected;
  const hasDraft = detail.versions.some((v) => v.status === 'draft');
  return (
    <>
      <button type="button" onClick={() => navigate({ page: 'marketplace', id, view: 'edit' })}>
        {hasDraft ? 'Edit draft' : 'New version'}
      </button>
      {status === 'published' ? (
        <button type="button" onClick={() => void run(() => unpublish(id, version))}>
          Unpublish
        </button>
      ) : (
        <button type="button" onClick={() => void run(() => publish(id, version))}>
          Publish
        </button>
      )}
    </>
  );
}

/** Duplicate and export: for every template, the built-in ones included. */
function CopyButtons({ detail, run }: { detail: TemplateDetail; run: Run }) {
  const navigate = useAppStore((s) => s.navigate);
  const duplicate = useAppStore((s) => s.duplicateTemplate);
  const exportTemplate = useAppStore((s) => s.exportTemplate);
  const { id } = detail.summary;
  const { version } = detail.selected;
  return (
    <>
      <button
        type="button"
        onClick={() =>
          void run(async () =>
            navigate({ page: 'marketplace', id: (await duplicate(id, version)).summary.id }),
          )
        }
      >
        Duplicate
      </button>
      <button
        type="button"
        onClick={() =>
          void run(async () => {
            const bundle = await exportTemplate(id, version);
            downloadText(bundle.fileName, bundle.text);
          })
        }
      >
        Export
      </button>
    </>
  );
}

function ConfirmDelete({ detail, run, onClose }: { detail: TemplateDetail; run: Run; onClose: () => void }) {
  const navigate = useAppStore((s) => s.navigate);
  const remove = useAppStore((s) => s.deleteTemplate);
  return (
    <div className="banner banner-warn" role="alertdialog" aria-label="Confirm delete">
      <span>Delete {detail.summary.name} and all its versions? This cannot be undone.</span>
      <span className="page-actions">
        <button
          type="button"
          className="danger"
          onClick={() =>
            void run(async () => {
              onClose();
              await remove(detail.summary.id);
              navigate({ page: 'marketplace' });
            })
          }
        >
          Delete template
        </button>
        <button type="button" onClick={onClose}>
          Keep it
        </button>
      </span>
    </div>
  );
}

export function TemplateActions({ detail }: { detail: TemplateDetail }) {
  const startDeploy = useAppStore((s) => s.startDeploy);
  const { run, error, dismiss } = useGuardedRun();
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const { status, version } = detail.selected;
  return (
    <div className={styles.templateActions}>
      <ErrorBanner error={error} onDismiss={dismiss} />
      <div className="page-actions">
        <button
          type="button"
          className="primary"
          disabled={status !== 'published' || detail.selected.report.errors.length > 0}
          title={status === 'published' ? undefined : 'Only a published version can be deployed'}
          onClick={() => startDeploy(detail.summary.id, version)}
        >
          Deploy
        </button>
        {detail.isReadOnly ? null : <OwnerButtons detail={detail} run={run} />}
        <CopyButtons detail={detail} run={run} />
        {detail.isReadOnly ? null : (
          <button type="button" className="danger" onClick={() => setIsConfirmingDelete(true)}>
            Delete
          </button>
        )}
      </div>
      {isConfirmingDelete ? (
        <ConfirmDelete detail={detail} run={run} onClose={() => setIsConfirmingDelete(false)} />
      ) : null}
    </div>
  );
}
