import type { Invoice, InvoiceStatus, InvoiceSummary } from '@shared/contract/billing';
import { AppError } from '@shared/result';
import type { Database } from '../../db/database';
import type { CustomerService } from '../customers/customer-service';
import { periodOf } from '../metering/proration';
import { newInvoiceId, type InvoiceGenerator } from './invoice-generator';
import { takeInvoiceNumber } from './invoice-numbering';
import type { InvoiceRepository } from './invoice-repository';

export interface Issuer {
  name: string;
  details: string;
}

const requireDraft = (status: InvoiceStatus, action: string) => {
  if (status !== 'draft')
    throw new AppError('conflict', `Only a draft invoice can ${action}; this one is ${status}.`);
};

interface ServiceDeps {
  db: Database;
  invoices: InvoiceRepository;
  customers: CustomerService;
  generator: InvoiceGenerator;
  issuer: () => Issuer;
  now: () => Date;
  onChanged: (invoiceId: string) => void;
  /** Settles the invoice's payment links at Stripe before an open invoice is voided. */
  beforeVoidOpen: (invoiceId: string) => Promise<void>;
}

interface ItemInput {
  invoiceId: string;
  kind: 'manual' | 'discount';
  description: string;
  quantity: number;
  unitAmountCents: number;
}

/** A draft's items: added and removed in one transaction each, never leaving a negative total. */
function draftItemEdits(deps: ServiceDeps) {
  const addItem = deps.db.transaction((input: ItemInput) => {
    const invoice = deps.invoices.row(input.invoiceId);
    requireDraft(invoice.status, 'take new items');
    const amount = input.quantity * input.unitAmountCents;
    const sign = input.kind === 'discount' ? -1 : 1;
    if (input.kind === 'discount' && invoice.subtotal_cents - amount < 0) {
      throw new AppError('invalid_input', 'A discount cannot make the invoice total negative.', {
        field: 'unitAmountCents',
      });
    }
    deps.invoices.addItems(input.invoiceId, [
      {
        kind: input.kind,
        description: input.description,
        deploymentId: null,
        quantity: input.quantity,
        unitAmountCents: sign * input.unitAmountCents,
        runningMs: null,
        amountCents: sign * amount,
      },
    ]);
    deps.invoices.recomputeTotals(input.invoiceId, deps.now().toISOString());
  });

  const removeItem = deps.db.transaction((invoiceId: string, itemId: number) => {
    requireDraft(deps.invoices.row(invoiceId).status, 'lose items');
    const items = deps.invoices.items(invoiceId);
    const item = items.find((candidate) => candidate.id === itemId);
    if (!item) throw new AppError('not_found', 'That item is not on this invoice.');
    if (item.kind === 'usage')
      throw new AppError(
        'forbidden',
        'Usage lines come from metering and cannot be removed; add a discount instead.',
      );
    const remaining = items.filter((candidate) => candidate.id !== itemId);
    if (remaining.reduce((sum, candidate) => sum + candidate.amount_cents, 0) < 0)
      throw new AppError(
        'conflict',
        'Removing this item would make the total negative; remove a discount first.',
      );
    deps.invoices.deleteItems(invoiceId, null, itemId);
    deps.invoices.recomputeTotals(invoiceId, deps.now().toISOString());
  });

  return { addItem, removeItem };
}

/** draft → open: usage brought up to date, a total to collect, then the next number and today's issuer. */
function opening(deps: ServiceDeps) {
  return deps.db.transaction((id: string) => {
    requireDraft(deps.invoices.row(id).status, 'be opened');
    deps.generator.syncDraft(id);
    if (deps.invoices.row(id).total_cents <= 0)
      throw new AppError(
        'conflict',
        'This invoice totals nothing, so there is nothing to collect. Add an item, or void it.',
      );
    const now = deps.now();
    deps.invoices.markOpen(
      id,
      takeInvoiceNumber(deps.db, now.getUTCFullYear()),
      deps.issuer(),
      now.toISOString(),
    );
  });
}

/** The invoice lifecycle the user drives: draft (editable) → open (numbered, frozen) → paid, or void. */
export function createInvoiceService(deps: ServiceDeps) {
  const get = (id: string): Invoice => deps.invoices.get(id, deps.issuer());
  const changed = (id: string): Invoice => {
    deps.onChanged(id);
    return get(id);
  };
  const edits = draftItemEdits(deps);
  const open = opening(deps);

  return {
    get,
    list: (filter: {
      status?: InvoiceStatus | undefined;
      customerId?: string | undefined;
      limit: number;
    }): InvoiceSummary[] => deps.invoices.list(filter),
    createManual(customerId: string): Invoice {
      const customer = deps.customers.get(customerId);
      if (customer.isPersonal) throw new AppError('forbidden', 'Personal is never invoiced.');
      const id = newInvoiceId();
      const now = deps.now();
      deps.invoices.insertDraft({
        id,
        customerId,
        source: 'manual',
        period: periodOf(now.getTime()),
        name: customer.name,
        email: customer.email,
        currency: customer.currency,
        taxRateBp: customer.taxRateBasisPoints,
        now: now.toISOString(),
      });
      return changed(id);
    },
    addItem(input: ItemInput): Invoice {
      edits.addItem(input);
      return changed(input.invoiceId);
    },
    removeItem(invoiceId: string, itemId: number): Invoice {
      edits.removeItem(invoiceId, itemId);
      return changed(invoiceId);
    },
    open(id: string): Invoice {
      open(id);
      return changed(id);
    },
    async void(id: string): Promise<Invoice> {
      const status = deps.invoices.row(id).status;
      if (status === 'paid') throw new AppError('conflict', 'A paid invoice cannot be voided.');
      if (status === 'void') return get(id);
      if (status === 'open') await deps.beforeVoidOpen(id);
      // Settling at Stripe may have found it paid meanwhile; markVoid only touches draft or open.
      if (deps.invoices.row(id).status === 'paid')
        throw new AppError('conflict', 'This invoice was paid at Stripe just now, so it was not voided.');
      deps.invoices.markVoid(id, deps.now().toISOString());
      return changed(id);
    },
  };
}

export type InvoiceService = ReturnType<typeof createInvoiceService>;
