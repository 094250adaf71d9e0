import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';
import { ErrorBanner } from './ErrorBanner';
import { useAction } from './use-action';

/**
 * Asks before something that loses work: says what will happen, runs `action` on confirm, closes
 * when it succeeds and shows its error in place when it does not.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  pendingLabel,
  action,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  pendingLabel: string;
  action: () => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}) {
  const running = useAction(async () => {
    await action();
    onClose();
  });
  return (
    <Dialog title={title} onClose={onClose}>
      <ErrorBanner error={running.error} />
      {children}
      <DialogActions
        confirmLabel={running.isPending ? pendingLabel : confirmLabel}
        tone="danger"
        isDisabled={running.isPending}
        onConfirm={() => void running.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
