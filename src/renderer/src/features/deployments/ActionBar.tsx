import { useState } from 'react';
import type { DeploymentAction, DeploymentDetail } from '@shared/contract/deployments';
import type { PolicyFinding } from '@shared/contract/template-model';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import type { SimpleAction } from '../../store/deployments-slice';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { DeleteDialog } from './DeleteDialog';
import { unreachableReason } from './deployment-format';
import { ForgetDialog } from './ForgetDialog';
import { OpenAppButton } from './OpenAppButton';
import { PolicyConsent } from './PolicyConsent';
import { UpdateDialog } from './UpdateDialog';
import { findingsToAccept } from './wizard-model';
import styles from './deployments.module.css';

const labels: Record<DeploymentAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  update: 'Update…',
  rollback: 'Roll back',
  delete: 'Delete…',
};

/** Runs a simple action; a refusal that lists findings to accept opens a review instead of an error. */
function useActionRunner(deploymentId: string) {
  const run = useAppStore((s) => s.runDeploymentAction);
  const [pending, setPending] = useState<SimpleAction | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [review, setReview] = useState<{ action: SimpleAction; findings: PolicyFinding[] } | null>(null);
  const perform = async (action: SimpleAction, acceptFindings: string[] = []) => {
    setPending(action);
    setError(null);
    setReview(null);
    try {
      await run(deploymentId, action, acceptFindings);
    } catch (failure) {
      const findings = findingsToAccept(failure);
      if (findings.length > 0) setReview({ action, findings });
      else setError(errorViewOf(failure));
    } finally {
      setPending(null);
    }
  };
  return {
    pending,
    error,
    dismissError: () => setError(null),
    review,
    closeReview: () => setReview(null),
    perform,
  };
}

type DialogKind = 'update' | 'delete' | 'stop' | 'restart';

/**
 * Only the operations the deployment's state allows now, as the core lists them in `actions`.
 * While its node cannot be seen they are disabled with the reason (Delete then offers to forget it
 * here); Stop and Restart ask first, since both take the app down.
 */
export function ActionBar({ detail }: { detail: DeploymentDetail }) {
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const { pending, error, dismissError, review, closeReview, perform } = useActionRunner(detail.id);
  const reason = unreachableReason(detail, detail.nodeName);
  const canOpen = (detail.status === 'running' || detail.status === 'degraded') && detail.ports.length > 0;
  const press = (action: DeploymentAction) => {
    if (action === 'start' || action === 'rollback') void perform(action);
    else setDialog(action);
  };
  const close = () => setDialog(null);

  if (!canOpen && detail.actions.length === 0 && !error && dialog === null) return null;
  return (
    <div className={styles.deployActions}>
      <ErrorBanner error={error} onDismiss={dismissError} />
      {reason ? (
        <p className="muted" data-testid="unreachable-reason">
          {reason}
        </p>
      ) : null}
      <div className="page-actions" role="toolbar" aria-label="Deployment actions">
        {canOpen ? <OpenAppButton id={detail.id} showUrl isPrimary disabledReason={reason} /> : null}
        {detail.actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'delete' ? 'danger' : undefined}
            disabled={pending !== null || (reason !== null && action !== 'delete')}
            title={reason !== null && action !== 'delete' ? reason : undefined}
            onClick={() => press(action)}
          >
            {pending === action ? `${labels[action]}…` : labels[action]}
          </button>
        ))}
      </div>
      <ActionDialog detail={detail} dialog={dialog} reason={reason} perform={perform} onClose={close} />
      {review ? (
        <AcceptFindingsDialog
          action={labels[review.action]}
          findings={review.findings}
          onAccept={() =>
            void perform(
              review.action,
              review.findings.map((finding) => finding.key),
            )
          }
          onClose={closeReview}
        />
      ) : null}
    </div>
  );
}

/** The dialog an action opens first: delete (or forget, while the node is away), update, stop or restart. */
function ActionDialog({
  detail,
  dialog,
  reason,
  perform,
  onClose,
}: {
  detail: DeploymentDetail;
  dialog: DialogKind | null;
  reason: string | null;
  perform: (action: SimpleAction) => Promise<void>;
  onClose: () => void;
}) {
  if (dialog === 'delete')
    return reason ? (
      <ForgetDialog detail={detail} reason={reason} onClose={onClose} />
    ) : (
      <DeleteDialog detail={detail} onClose={onClose} />
    );
  if (dialog === 'update') return <UpdateDialog detail={detail} onClose={onClose} />;
  if (dialog === 'stop' || dialog === 'restart')
    return (
      <ConfirmActionDialog
        detail={detail}
        action={dialog}
        onConfirm={() => void perform(dialog)}
        onClose={onClose}
      />
    );
  return null;
}

/** Asks for a yes to what a revision hands its containers of the node that was never accepted. */
function AcceptFindingsDialog({
  action,
  findings,
  onAccept,
  onClose,
}: {
  action: string;
  findings: PolicyFinding[];
  onAccept: () => void;
  onClose: () => void;
}) {
  const [isAccepted, setIsAccepted] = useState(false);
  return (
    <Dialog title={`${action}: accept access to the node`} onClose={onClose}>
      <PolicyConsent
        findings={findings}
        isAccepted={isAccepted}
        error={undefined}
        onChange={setIsAccepted}
        title="This deployment asks for access to the node that you have not accepted:"
        consent={`I accept these and want to ${action.toLowerCase()} it`}
      />
      <DialogActions
        confirmLabel={`Accept and ${action.toLowerCase()}`}
        isDisabled={!isAccepted}
        onConfirm={onAccept}
        onCancel={onClose}
      />
    </Dialog>
  );
}
