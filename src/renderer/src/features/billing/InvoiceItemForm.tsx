import { useState } from 'react';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { parseCents } from './money';
import styles from './billing.module.css';

type ItemKind = 'manual' | 'discount';

/** What the form holds as typed, whether it makes an item, and how to start over. */
function useItemDraft() {
  const [kind, setKind] = useState<ItemKind>('manual');
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [amount, setAmount] = useState('');
  const cents = parseCents(amount);
  const count = Number(quantity);
  const isValid =
    description.trim() !== '' && cents !== null && cents > 0 && Number.isInteger(count) && count >= 1;
  const reset = () => {
    setDescription('');
    setAmount('');
    setQuantity('1');
  };
  return {
    kind,
    setKind,
    description,
    setDescription,
    quantity,
    setQuantity,
    amount,
    setAmount,
    item: isValid
      ? { kind, description, quantity: kind === 'manual' ? count : 1, unitAmountCents: cents }
      : null,
    reset,
  };
}

type Draft = ReturnType<typeof useItemDraft>;

function KindAndDescription({ draft }: { draft: Draft }) {
  return (
    <>
      <Field label="Kind">
        {(id) => (
          <select
            id={id}
            value={draft.kind}
            onChange={(event) => draft.setKind(event.target.value === 'discount' ? 'discount' : 'manual')}
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
            value={draft.description}
            onChange={(event) => draft.setDescription(event.target.value)}
            maxLength={500}
          />
        )}
      </Field>
    </>
  );
}

function QuantityAndAmount({ draft, currency }: { draft: Draft; currency: string }) {
  return (
    <>
      {draft.kind === 'manual' ? (
        <Field label="Quantity" className={styles.narrow}>
          {(id) => (
            <input
              id={id}
              inputMode="numeric"
              value={draft.quantity}
              onChange={(event) => draft.setQuantity(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Field
        label={draft.kind === 'manual' ? `Unit price (${currency})` : `Amount off (${currency})`}
        className={styles.narrow}
      >
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            placeholder="0.00"
            value={draft.amount}
            onChange={(event) => draft.setAmount(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** Adds a manual item or a discount to a draft. */
export function InvoiceItemForm({ invoiceId, currency }: { invoiceId: string; currency: string }) {
  const add = useAppStore((s) => s.addInvoiceItem);
  const busy = useAppStore((s) => s.billingBusy);
  const draft = useItemDraft();
  return (
    <form
      className={`${styles.itemForm} ${styles.screenOnly}`}
      aria-label="Add an item"
      onSubmit={(event) => {
        event.preventDefault();
        if (!draft.item) return;
        void add({ invoiceId, ...draft.item }).then((added) => added && draft.reset());
      }}
    >
      <KindAndDescription draft={draft} />
      <QuantityAndAmount draft={draft} currency={currency} />
      <button type="submit" disabled={!draft.item || busy === 'add-item'}>
        {draft.kind === 'manual' ? 'Add item' : 'Add discount'}
      </button>
    </form>
  );
}
