import { useState } from 'react';
import type { Customer } from '@shared/contract/billing';
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
      <label className="field">
        Name
        <input required value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
      </label>
      <label className="field">
        Email
        <input required type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
      </label>
      <label className={`field ${styles.narrow}`}>
        Currency
        <input
          required
          value={currency}
          onChange={(event) => setCurrency(event.target.value.toUpperCase())}
          maxLength={3}
          pattern="[A-Za-z]{3}"
        />
      </label>
      <label className={`field ${styles.narrow}`}>
        Tax rate (%)
        <input
          inputMode="decimal"
          value={taxPercent}
          onChange={(event) => setTaxPercent(event.target.value)}
          placeholder="none"
          aria-invalid={!isTaxValid}
        />
      </label>
      <label className={`field ${styles.grow}`}>
        Notes
        <textarea rows={2} value={notes} onChange={(event) => setNotes(event.target.value)} />
      </label>
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
