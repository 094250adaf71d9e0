import { useState } from 'react';
import type { Invoice } from '@shared/contract/billing';
import { useAppStore } from '../../store';
import { formatDate } from './money';
import styles from './billing.module.css';

/** Payment through a Stripe Checkout link: create it, copy or open it, and ask Stripe whether it was paid. */
export function PaymentPanel({ invoice }: { invoice: Invoice }) {
  const act = useAppStore((s) => s.runInvoiceAction);
  const busy = useAppStore((s) => s.billingBusy);
  const stripe = useAppStore((s) => s.stripe);
  const navigate = useAppStore((s) => s.navigate);
  const [copied, setCopied] = useState(false);
  const latest = invoice.payments.at(-1);
  if (invoice.status === 'paid') {
    return (
      <p data-testid="paid-note">
        Paid on {formatDate(invoice.paidAt)} through Stripe{latest?.isLive === false ? ' (test mode)' : ''}.
      </p>
    );
  }
  if (invoice.status !== 'open') return null;
  if (!stripe?.isConfigured) {
    return (
      <p className={`muted ${styles.screenOnly}`}>
        To collect this invoice online, add a Stripe key under{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ page: 'billing', id: 'settings' })}
        >
          Billing → Settings
        </button>
        .
      </p>
    );
  }
  const checkButton = (
    <button
      type="button"
      className="primary"
      disabled={busy !== null}
      onClick={() => void act('invoices:check-payment', invoice.id)}
    >
      {busy === 'invoices:check-payment' ? 'Asking Stripe…' : 'Check payment now'}
    </button>
  );
  if (latest?.status === 'complete') {
    return (
      <section className={`${styles.paymentPanel} ${styles.screenOnly}`} aria-label="Payment">
        <p className="muted">The customer finished checkout; Stripe is still confirming the payment.</p>
        {checkButton}
      </section>
    );
  }
  return (
    <section className={`${styles.paymentPanel} ${styles.screenOnly}`} aria-label="Payment">
      {invoice.paymentUrl ? (
        <>
          <label className="field">
            Payment link (expires {formatDate(latest?.expiresAt ?? null)})
            <input
              readOnly
              value={invoice.paymentUrl}
              data-testid="payment-url"
              onFocus={(event) => event.target.select()}
            />
          </label>
          <div className={styles.actions}>
            <button
              type="button"
              onClick={() => {
                if (!invoice.paymentUrl) return;
                void navigator.clipboard.writeText(invoice.paymentUrl).then(() => setCopied(true));
              }}
            >
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" onClick={() => window.open(invoice.paymentUrl ?? '', '_blank', 'noopener')}>
              Open link
            </button>
            {checkButton}
          </div>
        </>
      ) : (
        <div className={styles.actions}>
          {latest?.status === 'expired' ? (
            <span className="muted">The last payment link expired unpaid.</span>
          ) : null}
          {latest?.status === 'creating' ? (
            <span className="muted">The last attempt got no answer from Stripe; trying again reuses it.</span>
          ) : null}
          <button
            type="button"
            className="primary"
            disabled={busy !== null}
            onClick={() => void act('invoices:create-payment-link', invoice.id)}
          >
            {busy === 'invoices:create-payment-link'
              ? 'Asking Stripe…'
              : latest?.status === 'creating'
                ? 'Try again'
                : latest
                  ? 'Create a new payment link'
                  : 'Create payment link'}
          </button>
        </div>
      )}
    </section>
  );
}
