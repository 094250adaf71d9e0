import { useState } from 'react';
import type { DeploymentAction, DeploymentDetail } from '@shared/contract/deployments';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import type { SimpleAction } from '../../store/deployments-slice';
import { messageOf } from '../../store/slice';
import { DeleteDialog } from './DeleteDialog';
import { OpenAppButton } from './OpenAppButton';
import { UpdateDialog } from './UpdateDialog';

const labels: Record<DeploymentAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  update: 'Update…',
  rollback: 'Roll back',
  delete: 'Delete…',
};

/** Only the operations the deployment's state allows now, as the core lists them in `actions`. */
export function ActionBar({ detail }: { detail: DeploymentDetail }) {
  const run = useAppStore((s) => s.runDeploymentAction);
  const [dialog, setDialog] = useState<'update' | 'delete' | null>(null);
  const [pending, setPending] = useState<SimpleAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canOpen = (detail.status === 'running' || detail.status === 'degraded') && detail.ports.length > 0;

  const perform = async (action: SimpleAction) => {
    setPending(action);
    setError(null);
    try {
      await run(detail.id, action);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setPending(null);
    }
  };
  const press = (action: DeploymentAction) => {
    if (action === 'update' || action === 'delete') setDialog(action);
    else void perform(action);
  };

  if (!canOpen && detail.actions.length === 0 && !error && dialog === null) return null;
  return (
    <div className="deploy-actions">
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      <div className="page-actions" role="toolbar" aria-label="Deployment actions">
        {canOpen ? <OpenAppButton id={detail.id} showUrl isPrimary /> : null}
        {detail.actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'delete' ? 'danger' : undefined}
            disabled={pending !== null}
            onClick={() => press(action)}
          >
            {pending === action ? `${labels[action]}…` : labels[action]}
          </button>
        ))}
      </div>
      {dialog === 'delete' ? <DeleteDialog detail={detail} onClose={() => setDialog(null)} /> : null}
      {dialog === 'update' ? <UpdateDialog detail={detail} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
