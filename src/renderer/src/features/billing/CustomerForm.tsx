import { useState } from 'react';
import type { Customer } from '@shared/contract/billing';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import styles from './billing.module.css';

/** Creates a customer, or edits one when given. */
export function CustomerForm({ customer, onDone }: { customer?: Customer; onDone: () => void }) {
  const save = useAppStore((s) => s.saveCustomer);
  const busy = useAppStore((s) => s.billingBusy);
  const [name, setName] = useState(customer?.name ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [currency, setCurrency] = useState(customer?.currency ?? 'USD');
  const [taxPercent, setTaxPercent] = useState(
    customer?.taxRateBasisPoints ? String(customer.taxRateBasisPoints / 100) : '',
  );
  const [notes, setNotes] = useState(customer?.notes ?? '');
  const tax = taxPercent.trim() === '' ? null : Math.round(Number(taxPercent) * 100);
  const isTaxValid = tax === null || (Number.isInteger(tax) && tax >= 0 && tax <= 10_000);
  return (
    <form
      className={styles.customerForm}
      aria-label={customer ? `Edit ${customer.name}` : 'New customer'}
      onSubmit={(event) => {
        event.preventDefault();
        if (!isTaxValid) return;
        const fields = { name, email, currency, taxRateBasisPoints: tax, notes };
        void save(customer ? { id: customer.id, ...fields } : fields).then((saved) => saved && onDone());
      }}
    >
      <Field label="Name">
        {(id) => (
          <input
            id={id}
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={200}
          />
        )}
      </Field>
      <Field label="Email">
        {(id) => (
          <input
            id={id}
            required
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <Field label="Currency" className={styles.narrow}>
        {(id) => (
          <input
            id={id}
            required
            value={currency}
            onChange={(event) => setCurrency(event.target.value.toUpperCase())}
            maxLength={3}
            pattern="[A-Za-z]{3}"
          />
        )}
      </Field>
      <Field label="Tax rate (%)" className={styles.narrow}>
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            value={taxPercent}
            onChange={(event) => setTaxPercent(event.target.value)}
            placeholder="none"
            aria-invalid={!isTaxValid}
          />
        )}
      </Field>
      <Field label="Notes" className={styles.grow}>
        {(id) => (
          <textarea id={id} rows={2} value={notes} onChange={(event) => setNotes(event.target.value)} />
        )}
      </Field>
      <div className={styles.actions}>
        <button type="submit" className="primary" disabled={busy === 'save-customer' || !isTaxValid}>
          {customer ? 'Save' : 'Add customer'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
