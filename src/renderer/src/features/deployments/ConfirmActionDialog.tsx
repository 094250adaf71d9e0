import type { DeploymentDetail } from '@shared/contract/deployments';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { serviceList } from './deployment-format';

/** What a stop or a restart does to the app, said before it is done. */
export function consequenceOf(action: 'stop' | 'restart', services: readonly string[]): string {
  const named = serviceList(services);
  return action === 'stop'
    ? `${named} will stop; the app is down until you start it.`
    : `${named} will stop and start again; the app is down until ${services.length === 1 ? 'it is' : 'they are'} back.`;
}

/** Asks before a stop or restart: both take the app down. */
export function ConfirmActionDialog({
  detail,
  action,
  onConfirm,
  onClose,
}: {
  detail: DeploymentDetail;
  action: 'stop' | 'restart';
  onConfirm: () => void;
  onClose: () => void;
}) {
  const label = action === 'stop' ? 'Stop' : 'Restart';
  return (
    <Dialog title={`${label} ${detail.name}?`} onClose={onClose}>
      <p data-testid="action-consequence">{consequenceOf(action, detail.services)}</p>
      <DialogActions
        confirmLabel={`${label} ${detail.name}`}
        tone="danger"
        onConfirm={() => {
          onClose();
          onConfirm();
        }}
        onCancel={onClose}
      />
    </Dialog>
  );
}
