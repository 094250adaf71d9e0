import { useEffect, useState } from 'react';
import type { Invoice } from '@shared/contract/billing';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { useAppStore } from '../../store';
import { InvoiceItemForm } from './InvoiceItemForm';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { formatDate, formatMoney, formatPeriod } from './money';
import { PaymentPanel } from './PaymentPanel';
import styles from './billing.module.css';

type InvoiceItem = Invoice['items'][number];

function ItemRow({ invoice, item }: { invoice: Invoice; item: InvoiceItem }) {
  const remove = useAppStore((s) => s.removeInvoiceItem);
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  return (
    <tr>
      <td>{item.description}</td>
      <td className={styles.num}>
        {item.kind === 'usage' ? `${item.quantity.toFixed(2)} h` : item.quantity}
      </td>
      <td className={styles.num}>
        {item.kind === 'usage' ? `${money(item.unitAmountCents)} / month` : money(item.unitAmountCents)}
      </td>
      <td className={styles.num}>{money(item.amountCents)}</td>
      {invoice.status === 'draft' ? (
        <td className={styles.screenOnly}>
          {item.kind !== 'usage' ? (
            <button type="button" className="link-button" onClick={() => void remove(invoice.id, item.id)}>
              Remove
            </button>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function Totals({ invoice }: { invoice: Invoice }) {
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  return (
    <tfoot>
      <tr>
        <td colSpan={3}>Subtotal</td>
        <td className={styles.num}>{money(invoice.subtotalCents)}</td>
      </tr>
      {invoice.taxRateBasisPoints ? (
        <tr>
          <td colSpan={3}>Tax ({invoice.taxRateBasisPoints / 100} %)</td>
          <td className={styles.num}>{money(invoice.taxCents)}</td>
        </tr>
      ) : null}
      <tr className={styles.total}>
        <td colSpan={3}>Total</td>
        <td className={styles.num} data-testid="invoice-total">
          {money(invoice.totalCents)}
        </td>
      </tr>
    </tfoot>
  );
}

function ItemsTable({ invoice }: { invoice: Invoice }) {
  return (
    <table className={`table ${styles.invoiceItems}`} aria-label="Invoice items">
      <thead>
        <tr>
          <th>Description</th>
          <th className={styles.num}>Quantity</th>
          <th className={styles.num}>Rate</th>
          <th className={styles.num}>Amount</th>
          {invoice.status === 'draft' ? <th className={styles.screenOnly} /> : null}
        </tr>
      </thead>
      <tbody>
        {invoice.items.map((item) => (
          <ItemRow key={item.id} invoice={invoice} item={item} />
        ))}
      </tbody>
      <Totals invoice={invoice} />
    </table>
  );
}

/** Opening finalises a draft: it asks first, saying so. */
function ConfirmOpen({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const act = useAppStore((s) => s.runInvoiceAction);
  return (
    <Dialog title="Open this invoice?" onClose={onClose}>
      <p>
        Opening finalises the invoice for {formatMoney(invoice.totalCents, invoice.currency)}: it gets its
        number, its items can no longer be changed, and it can then be paid or voided.
      </p>
      <DialogActions
        confirmLabel="Open invoice"
        onConfirm={() => {
          onClose();
          void act('invoices:open', invoice.id);
        }}
        onCancel={onClose}
      />
    </Dialog>
  );
}

function Actions({ invoice }: { invoice: Invoice }) {
  const act = useAppStore((s) => s.runInvoiceAction);
  const busy = useAppStore((s) => s.billingBusy);
  const [isConfirming, setIsConfirming] = useState(false);
  return (
    <div className={`${styles.actions} ${styles.screenOnly}`}>
      {invoice.status === 'draft' ? (
        <button
          type="button"
          className="primary"
          disabled={busy !== null || invoice.totalCents <= 0}
          onClick={() => setIsConfirming(true)}
        >
          Open invoice
        </button>
      ) : null}
      {isConfirming ? <ConfirmOpen invoice={invoice} onClose={() => setIsConfirming(false)} /> : null}
      {invoice.status === 'draft' || invoice.status === 'open' ? (
        <button
          type="button"
          className="danger"
          disabled={busy !== null}
          onClick={() => void act('invoices:void', invoice.id)}
        >
          Void
        </button>
      ) : null}
      <button type="button" onClick={() => window.print()}>
        Print / Save as PDF
      </button>
    </div>
  );
}

function InvoiceHeading({ invoice }: { invoice: Invoice }) {
  return (
    <>
      <header className={styles.invoiceHead}>
        <div>
          <h1>{invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice'}</h1>
          <InvoiceStatusBadge status={invoice.status} />
        </div>
        <div className={styles.issuer}>
          <strong>{invoice.issuerName || 'Your name (Billing → Settings)'}</strong>
          <p className={styles.pre}>{invoice.issuerDetails}</p>
        </div>
      </header>
      <dl className={`facts ${styles.invoiceFacts}`}>
        <dt>Bill to</dt>
        <dd>
          {invoice.customerName}
          {invoice.customerEmail ? <span className="muted"> · {invoice.customerEmail}</span> : null}
        </dd>
        <dt>Period</dt>
        <dd>{invoice.source === 'usage' ? formatPeriod(invoice.period) : 'Manual invoice'}</dd>
        <dt>Issued</dt>
        <dd>{formatDate(invoice.openedAt)}</dd>
        {invoice.voidedAt ? (
          <>
            <dt>Voided</dt>
            <dd>{formatDate(invoice.voidedAt)}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

/** One invoice as it prints: the screen-only controls disappear on paper. */
export function InvoiceView({ id }: { id: string }) {
  const invoice = useAppStore((s) => (s.invoice?.id === id ? s.invoice : null));
  const load = useAppStore((s) => s.loadInvoice);
  const navigate = useAppStore((s) => s.navigate);
  useEffect(() => {
    void load(id);
  }, [id, load]);
  if (!invoice) return <p className="muted">Loading…</p>;
  return (
    <article
      className={`${styles.invoiceSheet} ${styles.printable}`}
      aria-label={`Invoice ${invoice.number ?? 'draft'}`}
    >
      <div className={`${styles.invoiceToolbar} ${styles.screenOnly}`}>
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ page: 'billing', id: 'invoices' })}
        >
          ← All invoices
        </button>
        <Actions invoice={invoice} />
      </div>
      <InvoiceHeading invoice={invoice} />
      <ItemsTable invoice={invoice} />
      {invoice.status === 'draft' ? (
        <InvoiceItemForm invoiceId={invoice.id} currency={invoice.currency} />
      ) : null}
      <PaymentPanel invoice={invoice} />
      {invoice.items.some((item) => item.kind === 'usage') ? (
        <p className={`muted ${styles.small}`}>{invoice.roundingRule}</p>
      ) : null}
    </article>
  );
}
