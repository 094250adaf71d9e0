import { useEffect, useState } from 'react';
import { PERSONAL_CUSTOMER_ID, type Customer } from '@shared/contract/billing-model';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { formatMoney } from '../billing/money';
import { customerChangeOf, isSameCustomer, type CustomerDraft } from './customer-change';

const priceOf = (cents: number, currency: string | undefined) =>
  currency ? formatMoney(cents, currency) : (cents / 100).toFixed(2);

function CustomerFields({
  detail,
  customers,
  draft,
  onDraft,
}: {
  detail: DeploymentDetail;
  customers: Customer[];
  draft: CustomerDraft;
  onDraft: (draft: CustomerDraft) => void;
}) {
  const currency = customers.find((c) => c.id === (draft.customerId || PERSONAL_CUSTOMER_ID))?.currency;
  const isPriceValid = customerChangeOf(detail.id, draft) !== null;
  return (
    <>
      <Field label="Customer">
        {(id) => (
          <select
            id={id}
            value={draft.customerId}
            onChange={(e) => onDraft({ ...draft, customerId: e.target.value })}
          >
            <option value="">No customer</option>
            {customers
              .filter((c) => !c.isPersonal)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <Field
        label="Monthly price override (optional)"
        hint={`Leave it blank to keep the current price, ${priceOf(detail.priceMonthlyCents, currency)} a month.`}
        error={isPriceValid ? null : 'Type an amount such as 12 or 12.50.'}
      >
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            value={draft.priceText}
            aria-invalid={!isPriceValid}
            onChange={(e) => onDraft({ ...draft, priceText: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}

/** Assigns the deployment to another customer, or to none; the page follows `deployments:changed`. */
export function CustomerDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const customers = useAppStore((s) => s.deployTargets?.customers);
  const setCustomer = useAppStore((s) => s.setDeploymentCustomer);
  const loadTargets = useAppStore((s) => s.loadDeployTargets);
  // A customer made on the Billing page since this page loaded should be offered too.
  const loading = useAction(loadTargets);
  const runLoad = loading.run;
  useEffect(() => void runLoad(), [runLoad]);
  const [draft, setDraft] = useState<CustomerDraft>({ customerId: detail.customerId ?? '', priceText: '' });
  const change = customerChangeOf(detail.id, draft);
  const saving = useAction(async () => {
    if (!change) return;
    await setCustomer(change);
    onClose();
  });
  const previous = detail.customerId
    ? (customers?.find((c) => c.id === detail.customerId)?.name ?? detail.customerId)
    : 'no customer';
  return (
    <Dialog title={`Customer of ${detail.name}`} onClose={onClose}>
      <ErrorBanner error={saving.error ?? loading.error} />
      <p data-testid="customer-metering">
        Metering for the new customer starts now; the running time before now stays with {previous}.
      </p>
      {customers ? (
        <CustomerFields detail={detail} customers={customers} draft={draft} onDraft={setDraft} />
      ) : (
        <p className="muted">Loading customers…</p>
      )}
      <DialogActions
        confirmLabel={saving.isPending ? 'Saving…' : 'Save'}
        isDisabled={saving.isPending || !customers || !change || isSameCustomer(detail.customerId, draft)}
        onConfirm={() => void saving.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
