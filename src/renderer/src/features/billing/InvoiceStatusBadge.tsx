import type { InvoiceStatus } from '@shared/contract/billing';

const styles: Record<InvoiceStatus, string> = {
  draft: 'badge',
  open: 'badge badge-warn',
  paid: 'badge badge-ok',
  void: 'badge badge-error',
};
const labels: Record<InvoiceStatus, string> = { draft: 'Draft', open: 'Open', paid: 'Paid', void: 'Void' };

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return (
    <span className={styles[status]} data-testid="invoice-status">
      {labels[status]}
    </span>
  );
}
