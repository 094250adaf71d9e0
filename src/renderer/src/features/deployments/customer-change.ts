import type { MethodInput } from '@shared/contract';
import { parseCents } from '../billing/money';

/** What the customer dialog holds: the chosen customer id ('' for none) and the price as typed. */
export interface CustomerDraft {
  customerId: string;
  priceText: string;
}

/**
 * The `deployments:set-customer` input the draft asks for; null while the price is not an amount.
 * A blank price is left out, so the deployment keeps the price it has.
 */
export function customerChangeOf(
  deploymentId: string,
  draft: CustomerDraft,
): MethodInput<'deployments:set-customer'> | null {
  const base = { id: deploymentId, customerId: draft.customerId === '' ? null : draft.customerId };
  if (draft.priceText.trim() === '') return base;
  const cents = parseCents(draft.priceText);
  return cents === null ? null : { ...base, priceOverrideCents: cents };
}

/** True when saving the draft would change nothing: the same customer and no new price. */
export const isSameCustomer = (current: string | null, draft: CustomerDraft): boolean =>
  (draft.customerId === '' ? null : draft.customerId) === current && draft.priceText.trim() === '';
