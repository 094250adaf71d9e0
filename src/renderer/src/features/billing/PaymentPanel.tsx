import { useState, type ReactNode } from 'react';
import type { Invoice } from '@shared/contract/billing';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { formatDate } from './money';
import styles from './billing.module.css';

type Payment = Invoice['payments'][number];

function CheckPaymentButton({ invoiceId }: { invoiceId: string }) {
  const act = useAppStore((s) => s.runInvoiceAction);
  const busy = useAppStore((s) => s.billingBusy);
  return (
    <button
      type="button"
      className="primary"
      disabled={busy !== null}
      onClick={() => void act('invoices:check-payment', invoiceId)}
    >
      {busy === 'invoices:check-payment' ? 'Asking Stripe…' : 'Check payment now'}
    </button>
  );
}

function NoStripeNote() {
  const navigate = useAppStore((s) => s.navigate);
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

function PaymentLink({
  url,
  latest,
  invoiceId,
}: {
  url: string;
  latest: Payment | undefined;
  invoiceId: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <Field label={`Payment link (expires ${formatDate(latest?.expiresAt ?? null)})`}>
        {(id) => (
          <input
            id={id}
            readOnly
            value={url}
            data-testid="payment-url"
            onFocus={(event) => event.target.select()}
          />
        )}
      </Field>
      <div className={styles.actions}>
        <button
          type="button"
          onClick={() => void navigator.clipboard.writeText(url).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" onClick={() => window.open(url, '_blank', 'noopener')}>
          Open link
        </button>
        <CheckPaymentButton invoiceId={invoiceId} />
      </div>
    </>
  );
}

function linkLabel(latest: Payment | undefined): string {
  if (latest?.status === 'creating') return 'Try again';
  return latest ? 'Create a new payment link' : 'Create payment link';
}

function NewPaymentLink({ latest, invoiceId }: { latest: Payment | undefined; invoiceId: string }) {
  const act = useAppStore((s) => s.runInvoiceAction);
  const busy = useAppStore((s) => s.billingBusy);
  return (
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
        onClick={() => void act('invoices:create-payment-link', invoiceId)}
      >
        {busy === 'invoices:create-payment-link' ? 'Asking Stripe…' : linkLabel(latest)}
      </button>
    </div>
  );
}

function PaymentSection({ children }: { children: ReactNode }) {
  return (
    <section className={`${styles.paymentPanel} ${styles.screenOnly}`} aria-label="Payment">
      {children}
    </section>
  );
}

/** Payment through a Stripe Checkout link: create it, copy or open it, and ask Stripe whether it was paid. */
export function PaymentPanel({ invoice }: { invoice: Invoice }) {
  const stripe = useAppStore((s) => s.stripe);
  const latest = invoice.payments.at(-1);
  if (invoice.status === 'paid') {
    return (
      <p data-testid="paid-note">
        Paid on {formatDate(invoice.paidAt)} through Stripe{latest?.isLive === false ? ' (test mode)' : ''}.
      </p>
    );
  }
  if (invoice.status !== 'open') return null;
  if (!stripe?.isConfigured) return <NoStripeNote />;
  if (latest?.status === 'complete') {
    return (
      <PaymentSection>
        <p className="muted">The customer finished checkout; Stripe is still confirming the payment.</p>
        <CheckPaymentButton invoiceId={invoice.id} />
      </PaymentSection>
    );
  }
  return (
    <PaymentSection>
      {invoice.paymentUrl ? (
        <PaymentLink url={invoice.paymentUrl} latest={latest} invoiceId={invoice.id} />
      ) : (
        <NewPaymentLink latest={latest} invoiceId={invoice.id} />
      )}
    </PaymentSection>
  );
}
