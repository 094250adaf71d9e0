import { useState } from 'react';
import type { TemplateDetail } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { downloadText } from './download';
import styles from './marketplace.module.css';

export function TemplateActions({ detail }: { detail: TemplateDetail }) {
  const navigate = useAppStore((s) => s.navigate);
  const startDeploy = useAppStore((s) => s.startDeploy);
  const publish = useAppStore((s) => s.publishTemplate);
  const unpublish = useAppStore((s) => s.unpublishTemplate);
  const duplicate = useAppStore((s) => s.duplicateTemplate);
  const remove = useAppStore((s) => s.deleteTemplate);
  const exportTemplate = useAppStore((s) => s.exportTemplate);
  const [error, setError] = useState<ErrorView | null>(null);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const { id } = detail.summary;
  const { version, status } = detail.selected;
  const hasDraft = detail.versions.some((v) => v.status === 'draft');

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(errorViewOf(failure));
    }
  };

  return (
    <div className={styles.templateActions}>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <div className="page-actions">
        <button
          type="button"
          className="primary"
          disabled={status !== 'published' || detail.selected.report.errors.length > 0}
          title={status === 'published' ? undefined : 'Only a published version can be deployed'}
          onClick={() => startDeploy(id, version)}
        >
          Deploy
        </button>
        {detail.isReadOnly ? null : (
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
        )}
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
        {detail.isReadOnly ? null : (
          <button type="button" className="danger" onClick={() => setIsConfirmingDelete(true)}>
            Delete
          </button>
        )}
      </div>
      {isConfirmingDelete ? (
        <div className="banner banner-warn" role="alertdialog" aria-label="Confirm delete">
          <span>Delete {detail.summary.name} and all its versions? This cannot be undone.</span>
          <span className="page-actions">
            <button
              type="button"
              className="danger"
              onClick={() =>
                void run(async () => {
                  setIsConfirmingDelete(false);
                  await remove(id);
                  navigate({ page: 'marketplace' });
                })
              }
            >
              Delete template
            </button>
            <button type="button" onClick={() => setIsConfirmingDelete(false)}>
              Keep it
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
