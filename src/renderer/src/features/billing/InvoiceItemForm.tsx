import { useState } from 'react';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { parseCents } from './money';
import styles from './billing.module.css';

/** Adds a manual item or a discount to a draft. */
export function InvoiceItemForm({ invoiceId, currency }: { invoiceId: string; currency: string }) {
  const add = useAppStore((s) => s.addInvoiceItem);
  const busy = useAppStore((s) => s.billingBusy);
  const [kind, setKind] = useState<'manual' | 'discount'>('manual');
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [amount, setAmount] = useState('');
  const cents = parseCents(amount);
  const count = Number(quantity);
  const isValid =
    description.trim() !== '' && cents !== null && cents > 0 && Number.isInteger(count) && count >= 1;
  return (
    <form
      className={`${styles.itemForm} ${styles.screenOnly}`}
      aria-label="Add an item"
      onSubmit={(event) => {
        event.preventDefault();
        if (!isValid) return;
        void add({
          invoiceId,
          kind,
          description,
          quantity: kind === 'manual' ? count : 1,
          unitAmountCents: cents,
        }).then((added) => {
          if (!added) return;
          setDescription('');
          setAmount('');
          setQuantity('1');
        });
      }}
    >
      <Field label="Kind">
        {(id) => (
          <select
            id={id}
            value={kind}
            onChange={(event) => setKind(event.target.value === 'discount' ? 'discount' : 'manual')}
          >
            <option value="manual">Item</option>
            <option value="discount">Discount</option>
          </select>
        )}
      </Field>
      <Field label="Description" className={styles.grow}>
        {(id) => (
          <input
            id={id}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            maxLength={500}
          />
        )}
      </Field>
      {kind === 'manual' ? (
        <Field label="Quantity" className={styles.narrow}>
          {(id) => (
            <input
              id={id}
              inputMode="numeric"
              value={quantity}
              onChange={(event) => setQuantity(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Field
        label={kind === 'manual' ? `Unit price (${currency})` : `Amount off (${currency})`}
        className={styles.narrow}
      >
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            placeholder="0.00"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={!isValid || busy === 'add-item'}>
        {kind === 'manual' ? 'Add item' : 'Add discount'}
      </button>
    </form>
  );
}
