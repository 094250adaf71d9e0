import type { DeploymentDetail } from '@shared/contract/deployments';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { useAction } from '../../components/use-action';

/**
 * Delete while the node cannot be seen: a real delete is refused, so this offers to forget the
 * deployment here only, saying plainly that whatever runs on the node stays there.
 */
export function ForgetDialog({
  detail,
  reason,
  onClose,
}: {
  detail: DeploymentDetail;
  reason: string;
  onClose: () => void;
}) {
  const forget = useAppStore((s) => s.forgetDeployment);
  const forgetting = useAction(async () => {
    await forget(detail.id);
    onClose();
  });
  const isBusy = forgetting.isPending;
  return (
    <Dialog title={`Delete ${detail.name}?`} onClose={onClose}>
      <ErrorBanner error={forgetting.error} />
      <p>{reason} It cannot be deleted from the node now.</p>
      <div className="banner banner-error" role="alert" data-testid="forget-warning">
        Forget it here removes {detail.name} from this app only. Its containers, network and volumes stay on{' '}
        {detail.nodeName} and keep running there; this app will no longer manage or bill them. To remove them
        too, wait until the node is back and delete it then.
      </div>
      <DialogActions
        confirmLabel={isBusy ? 'Forgetting…' : 'Forget it here'}
        tone="danger"
        isDisabled={isBusy}
        onConfirm={() => void forgetting.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
