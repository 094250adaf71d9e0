import { useState } from 'react';
import type { InvoiceSummary } from '@shared/contract/billing';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';
import { formatDate, formatMoney, formatPeriod } from './money';
import styles from './billing.module.css';

function NewInvoice() {
  const customers = useAppStore((s) => s.customers);
  const createInvoice = useAppStore((s) => s.createInvoice);
  const navigate = useAppStore((s) => s.navigate);
  const busy = useAppStore((s) => s.billingBusy);
  const payable = (customers ?? []).filter((c) => !c.isPersonal);
  const [customerId, setCustomerId] = useState('');
  const chosen = payable.some((c) => c.id === customerId) ? customerId : (payable[0]?.id ?? '');
  if (payable.length === 0) return <p className="muted">Add a customer to write an invoice by hand.</p>;
  return (
    <form
      className={styles.inlineForm}
      onSubmit={(event) => {
        event.preventDefault();
        void createInvoice(chosen).then((id) => id && navigate({ page: 'billing', id }));
      }}
    >
      <Field label="New invoice for">
        {(id) => (
          <select id={id} value={chosen} onChange={(event) => setCustomerId(event.target.value)}>
            {payable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={busy === 'create-invoice'}>
        New invoice
      </button>
    </form>
  );
}

function InvoicesTable({ invoices }: { invoices: InvoiceSummary[] }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <table className="table" aria-label="Invoices">
      <thead>
        <tr>
          <th>Number</th>
          <th>Customer</th>
          <th>Period</th>
          <th>Status</th>
          <th className={styles.num}>Total</th>
          <th>Issued</th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td>
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ page: 'billing', id: invoice.id })}
              >
                {invoice.number ?? 'Draft'}
              </button>
            </td>
            <td>{invoice.customerName}</td>
            <td>{invoice.source === 'usage' ? formatPeriod(invoice.period) : 'Manual'}</td>
            <td>
              <InvoiceStatusBadge status={invoice.status} />
            </td>
            <td className={styles.num}>{formatMoney(invoice.totalCents, invoice.currency)}</td>
            <td>{formatDate(invoice.openedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function InvoicesTab() {
  const invoices = useAppStore((s) => s.invoices);
  const generate = useAppStore((s) => s.generateInvoices);
  const busy = useAppStore((s) => s.billingBusy);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="invoices-heading">
      <div className={styles.cardHeader}>
        <h2 id="invoices-heading">Invoices</h2>
        <button type="button" disabled={busy === 'generate'} onClick={() => void generate().then(setNotice)}>
          {busy === 'generate' ? 'Closing months…' : 'Close finished months now'}
        </button>
      </div>
      <p className="muted">
        Each finished month becomes one draft per customer with usage, every day and when the app starts. Open
        a draft to number and send it.
      </p>
      {notice ? <p role="status">{notice}</p> : null}
      <NewInvoice />
      {!invoices ? (
        <p className="muted">Loading…</p>
      ) : invoices.length === 0 ? (
        <EmptyState title="No invoices yet" />
      ) : (
        <InvoicesTable invoices={invoices} />
      )}
    </section>
  );
}
