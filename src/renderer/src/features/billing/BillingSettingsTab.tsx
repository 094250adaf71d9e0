import { useState } from 'react';
import type { StripeStatus } from '@shared/contract/billing';
import type { Settings } from '@shared/contract/settings';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import styles from './billing.module.css';

function StripeKeyStatus({ stripe }: { stripe: StripeStatus | null }) {
  return (
    <>
      <p data-testid="stripe-status">
        {stripe?.isConfigured ? (
          <>
            <span className={stripe.mode === 'live' ? 'badge badge-ok' : 'badge badge-warn'}>
              {stripe.mode === 'live' ? 'Live mode' : 'Test mode'}
            </span>{' '}
            {stripe.isRestricted ? 'Restricted key' : 'Secret key'} ending in{' '}
            <span className="mono">{stripe.last4}</span>
          </>
        ) : (
          'No key yet: invoices can still be written, printed and exported.'
        )}
      </p>
      {stripe?.isConfigured && !stripe.isRestricted ? (
        <p className="banner banner-warn">
          This is a full secret key, saved before restricted keys were required. Replace it with a restricted
          key, then roll the secret key in the Stripe Dashboard.
        </p>
      ) : null}
    </>
  );
}

function StripeKeyForm({ isConfigured }: { isConfigured: boolean }) {
  const setKey = useAppStore((s) => s.setStripeKey);
  const removeKey = useAppStore((s) => s.removeStripeKey);
  const busy = useAppStore((s) => s.billingBusy);
  // Held only while typed: cleared once the core has it, never put in the store.
  const [secretKey, setSecretKey] = useState('');
  return (
    <form
      className={styles.inlineForm}
      onSubmit={(event) => {
        event.preventDefault();
        void setKey(secretKey.trim()).then((saved) => saved && setSecretKey(''));
      }}
    >
      <Field label={isConfigured ? 'Replace the key' : 'Restricted key'} className={styles.grow}>
        {(id) => (
          <input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={secretKey}
            onChange={(event) => setSecretKey(event.target.value)}
            placeholder="rk_live_…"
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={secretKey.trim() === '' || busy === 'stripe-key'}>
        {busy === 'stripe-key' ? 'Checking with Stripe…' : 'Save key'}
      </button>
      {isConfigured ? (
        <button
          type="button"
          className="danger"
          disabled={busy === 'stripe-key'}
          onClick={() => void removeKey()}
        >
          Remove key
        </button>
      ) : null}
    </form>
  );
}

function StripeKeySection() {
  const stripe = useAppStore((s) => s.stripe);
  return (
    <section className="card" aria-labelledby="stripe-heading">
      <h2 id="stripe-heading">Stripe</h2>
      <p className="muted">
        Paste a restricted key (rk_live_… or rk_test_…) with only “Checkout Sessions: Write” and “Events:
        Read”; create one in the Stripe Dashboard under Developers → API keys. It is checked with Stripe, then
        kept in the OS keychain only. Full secret keys (sk_…) are refused: they can do anything in your Stripe
        account.
      </p>
      <StripeKeyStatus stripe={stripe} />
      <StripeKeyForm isConfigured={stripe?.isConfigured ?? false} />
    </section>
  );
}

type BillingSettings = Settings['billing'];
interface DraftProps {
  draft: BillingSettings;
  setDraft: (draft: BillingSettings) => void;
}

function IssuerFields({ draft, setDraft }: DraftProps) {
  return (
    <>
      <Field label="Your name or business (printed on invoices)">
        {(id) => (
          <input
            id={id}
            value={draft.issuerName}
            maxLength={200}
            onChange={(event) => setDraft({ ...draft, issuerName: event.target.value })}
          />
        )}
      </Field>
      <Field label="Address and details (printed on invoices)">
        {(id) => (
          <textarea
            id={id}
            rows={3}
            value={draft.issuerDetails}
            maxLength={2000}
            onChange={(event) => setDraft({ ...draft, issuerDetails: event.target.value })}
          />
        )}
      </Field>
      <Field label="Currency of node costs" className={styles.narrow}>
        {(id) => (
          <input
            id={id}
            value={draft.currency}
            maxLength={3}
            pattern="[A-Za-z]{3}"
            onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function ScheduleFields({ draft, setDraft }: DraftProps) {
  return (
    <>
      <Field label="Close months every (hours)" className={styles.narrow}>
        {(id) => (
          <input
            id={id}
            type="number"
            min={1}
            max={168}
            value={draft.invoiceIntervalHours}
            onChange={(event) => setDraft({ ...draft, invoiceIntervalHours: Number(event.target.value) })}
          />
        )}
      </Field>
      <Field label="Ask Stripe about open links every (seconds)" className={styles.narrow}>
        {(id) => (
          <input
            id={id}
            type="number"
            min={10}
            max={3600}
            value={draft.paymentCheckSeconds}
            onChange={(event) => setDraft({ ...draft, paymentCheckSeconds: Number(event.target.value) })}
          />
        )}
      </Field>
    </>
  );
}

function InvoicingSection({ billing }: { billing: BillingSettings }) {
  const update = useAppStore((s) => s.updateSettings);
  const [draft, setDraft] = useState(billing);
  return (
    <section className="card" aria-labelledby="invoicing-heading">
      <h2 id="invoicing-heading">Invoicing</h2>
      <form
        className={styles.settingsForm}
        onSubmit={(event) => {
          event.preventDefault();
          void update({ billing: { ...draft, currency: draft.currency.toUpperCase() } });
        }}
      >
        <IssuerFields draft={draft} setDraft={setDraft} />
        <ScheduleFields draft={draft} setDraft={setDraft} />
        <div className={styles.actions}>
          <button type="submit">Save</button>
        </div>
      </form>
    </section>
  );
}

export function BillingSettingsTab() {
  const billing = useAppStore((s) => s.settings?.billing);
  const error = useAppStore((s) => s.settingsError);
  return (
    <>
      <StripeKeySection />
      {error ? <p className="banner banner-error">{error.message}</p> : null}
      {billing ? <InvoicingSection billing={billing} /> : null}
    </>
  );
}
