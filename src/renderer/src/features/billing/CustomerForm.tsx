import { useState } from 'react';
import type { Customer } from '@shared/contract/billing';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import styles from './billing.module.css';

/** What the form holds, as typed; the tax rate is a percentage string until it is saved. */
function useCustomerDraft(customer: Customer | undefined) {
  const [name, setName] = useState(customer?.name ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [currency, setCurrency] = useState(customer?.currency ?? 'USD');
  const [taxPercent, setTaxPercent] = useState(
    customer?.taxRateBasisPoints ? String(customer.taxRateBasisPoints / 100) : '',
  );
  const [notes, setNotes] = useState(customer?.notes ?? '');
  const tax = taxPercent.trim() === '' ? null : Math.round(Number(taxPercent) * 100);
  const isTaxValid = tax === null || (Number.isInteger(tax) && tax >= 0 && tax <= 10_000);
  return {
    values: { name, email, currency, taxPercent, notes },
    setters: { setName, setEmail, setCurrency, setTaxPercent, setNotes },
    fields: { name, email, currency, taxRateBasisPoints: tax, notes },
    isTaxValid,
  };
}

type Draft = ReturnType<typeof useCustomerDraft>;

function ContactFields({ values, setters }: Pick<Draft, 'values' | 'setters'>) {
  return (
    <>
      <Field label="Name">
        {(id) => (
          <input
            id={id}
            required
            value={values.name}
            onChange={(event) => setters.setName(event.target.value)}
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
            value={values.email}
            onChange={(event) => setters.setEmail(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

function InvoicingFields({ values, setters, isTaxValid }: Omit<Draft, 'fields'>) {
  return (
    <>
      <Field label="Currency" className={styles.narrow}>
        {(id) => (
          <input
            id={id}
            required
            value={values.currency}
            onChange={(event) => setters.setCurrency(event.target.value.toUpperCase())}
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
            value={values.taxPercent}
            onChange={(event) => setters.setTaxPercent(event.target.value)}
            placeholder="none"
            aria-invalid={!isTaxValid}
          />
        )}
      </Field>
      <Field label="Notes" className={styles.grow}>
        {(id) => (
          <textarea
            id={id}
            rows={2}
            value={values.notes}
            onChange={(event) => setters.setNotes(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** Creates a customer, or edits one when given. */
export function CustomerForm({ customer, onDone }: { customer?: Customer; onDone: () => void }) {
  const save = useAppStore((s) => s.saveCustomer);
  const busy = useAppStore((s) => s.billingBusy);
  const draft = useCustomerDraft(customer);
  return (
    <form
      className={styles.customerForm}
      aria-label={customer ? `Edit ${customer.name}` : 'New customer'}
      onSubmit={(event) => {
        event.preventDefault();
        if (!draft.isTaxValid) return;
        const { fields } = draft;
        void save(customer ? { id: customer.id, ...fields } : fields).then((saved) => saved && onDone());
      }}
    >
      <ContactFields values={draft.values} setters={draft.setters} />
      <InvoicingFields values={draft.values} setters={draft.setters} isTaxValid={draft.isTaxValid} />
      <div className={styles.actions}>
        <button type="submit" className="primary" disabled={busy === 'save-customer' || !draft.isTaxValid}>
          {customer ? 'Save' : 'Add customer'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
