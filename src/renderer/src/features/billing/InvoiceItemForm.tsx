import { useState } from 'react';
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
      <label className="field">
        Kind
        <select
          value={kind}
          onChange={(event) => setKind(event.target.value === 'discount' ? 'discount' : 'manual')}
        >
          <option value="manual">Item</option>
          <option value="discount">Discount</option>
        </select>
      </label>
      <label className={`field ${styles.grow}`}>
        Description
        <input value={description} onChange={(event) => setDescription(event.target.value)} maxLength={500} />
      </label>
      {kind === 'manual' ? (
        <label className={`field ${styles.narrow}`}>
          Quantity
          <input inputMode="numeric" value={quantity} onChange={(event) => setQuantity(event.target.value)} />
        </label>
      ) : null}
      <label className={`field ${styles.narrow}`}>
        {kind === 'manual' ? `Unit price (${currency})` : `Amount off (${currency})`}
        <input
          inputMode="decimal"
          placeholder="0.00"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
      </label>
      <button type="submit" disabled={!isValid || busy === 'add-item'}>
        {kind === 'manual' ? 'Add item' : 'Add discount'}
      </button>
    </form>
  );
}
