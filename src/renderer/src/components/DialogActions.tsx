/** A dialog's footer: the button that does the thing, then the one that closes the dialog without it. */
export function DialogActions({
  confirmLabel,
  tone = 'primary',
  isDisabled = false,
  onConfirm,
  cancelLabel = 'Cancel',
  onCancel,
}: {
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  isDisabled?: boolean;
  onConfirm: () => void;
  cancelLabel?: string;
  onCancel: () => void;
}) {
  return (
    <div className="page-actions">
      <button type="button" className={tone} disabled={isDisabled} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}
