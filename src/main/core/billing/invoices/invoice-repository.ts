import type {
  Invoice,
  InvoiceItem,
  InvoiceStatus,
  InvoiceSummary,
  PaymentAttempt,
} from '@shared/contract/billing';
import { AppError } from '@shared/result';
import type { Database } from '../../db/database';
import { ROUNDING_RULE, taxCents } from '../metering/proration';

interface InvoiceRow {
  id: string;
  number: string | null;
  customer_id: string;
  source: 'usage' | 'manual';
  period: string;
  status: InvoiceStatus;
  customer_name: string;
  customer_email: string | null;
  currency: string;
  tax_rate_bp: number | null;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  issuer_name: string | null;
  issuer_details: string | null;
  created_at: string;
  opened_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  payment_url: string | null;
}

interface ItemRow {
  id: number;
  kind: InvoiceItem['kind'];
  description: string;
  deployment_id: string | null;
  quantity: number;
  unit_amount_cents: number;
  amount_cents: number;
}

interface AttemptRow {
  attempt: number;
  status: PaymentAttempt['status'];
  payment_status: string | null;
  url: string | null;
  expires_at: number;
  is_live: number | null;
  created_at: string;
}

export interface NewItem {
  kind: InvoiceItem['kind'];
  description: string;
  deploymentId: string | null;
  quantity: number;
  unitAmountCents: number;
  runningMs: number | null;
  amountCents: number;
}

const selectInvoice = `
  SELECT i.*, (SELECT url FROM payment_attempts p WHERE p.invoice_id = i.id AND p.status = 'open' ORDER BY attempt DESC LIMIT 1) AS payment_url
  FROM invoices i`;

const toSummary = (row: InvoiceRow): InvoiceSummary => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  customerName: row.customer_name,
  period: row.period,
  source: row.source,
  status: row.status,
  currency: row.currency,
  totalCents: row.total_cents,
  paymentUrl: row.status === 'open' ? row.payment_url : null,
  createdAt: row.created_at,
  openedAt: row.opened_at,
  paidAt: row.paid_at,
  voidedAt: row.voided_at,
});

/** Finds invoices: one by id (not_found when missing), a list, a customer's usage invoice of a month. */
function invoiceQueries(db: Database) {
  const byId = db.prepare<[string], InvoiceRow>(`${selectInvoice} WHERE i.id = ?`);
  const row = (id: string): InvoiceRow => {
    const found = byId.get(id);
    if (!found) throw new AppError('not_found', 'That invoice does not exist.');
    return found;
  };
  return {
    row,
    summary: (id: string): InvoiceSummary => toSummary(row(id)),
    list(filter: {
      status?: InvoiceStatus | undefined;
      customerId?: string | undefined;
      limit: number;
    }): InvoiceSummary[] {
      return db
        .prepare<{ status: string | null; customerId: string | null; limit: number }, InvoiceRow>(
          `${selectInvoice} WHERE (@status IS NULL OR i.status = @status) AND (@customerId IS NULL OR i.customer_id = @customerId)
           ORDER BY i.period DESC, i.created_at DESC LIMIT @limit`,
        )
        .all({ status: filter.status ?? null, customerId: filter.customerId ?? null, limit: filter.limit })
        .map(toSummary);
    },
    findUsageInvoice: (customerId: string, period: string): InvoiceRow | undefined =>
      db
        .prepare<[string, string], InvoiceRow>(
          `${selectInvoice} WHERE i.customer_id = ? AND i.period = ? AND i.source = 'usage'`,
        )
        .get(customerId, period),
  };
}

/** The whole invoice as the contract shows it: summary, items, payment attempts and issuer. */
function invoiceDetail(db: Database, row: (id: string) => InvoiceRow) {
  const itemsOf = db.prepare<[string], ItemRow>(
    'SELECT * FROM invoice_items WHERE invoice_id = ? ORDER BY id',
  );
  const attemptsOf = db.prepare<[string], AttemptRow>(
    'SELECT * FROM payment_attempts WHERE invoice_id = ? ORDER BY attempt',
  );
  const toItem = (item: ItemRow): Invoice['items'][number] => ({
    id: item.id,
    kind: item.kind,
    description: item.description,
    deploymentId: item.deployment_id,
    quantity: item.quantity,
    unitAmountCents: item.unit_amount_cents,
    amountCents: item.amount_cents,
  });
  const toPayment = (attempt: AttemptRow): Invoice['payments'][number] => ({
    attempt: attempt.attempt,
    status: attempt.status,
    paymentStatus: attempt.payment_status,
    url: attempt.url,
    expiresAt: new Date(attempt.expires_at * 1000).toISOString(),
    isLive: attempt.is_live === null ? null : attempt.is_live === 1,
    createdAt: attempt.created_at,
  });
  return (id: string, issuer: { name: string; details: string }): Invoice => {
    const found = row(id);
    return {
      ...toSummary(found),
      customerEmail: found.customer_email,
      taxRateBasisPoints: found.tax_rate_bp,
      subtotalCents: found.subtotal_cents,
      taxCents: found.tax_cents,
      items: itemsOf.all(id).map(toItem),
      payments: attemptsOf.all(id).map(toPayment),
      // A draft shows today's issuer; an issued invoice shows what was printed on it.
      issuerName: found.status === 'draft' ? issuer.name : (found.issuer_name ?? ''),
      issuerDetails: found.status === 'draft' ? issuer.details : (found.issuer_details ?? ''),
      roundingRule: ROUNDING_RULE,
    };
  };
}

/** An invoice's items, and the totals summed from them. */
function invoiceItems(db: Database, row: (id: string) => InvoiceRow) {
  const itemsOf = db.prepare<[string], ItemRow>(
    'SELECT * FROM invoice_items WHERE invoice_id = ? ORDER BY id',
  );
  const insertItem = db.prepare(
    `INSERT INTO invoice_items (invoice_id, kind, description, deployment_id, quantity, unit_amount_cents, running_ms, amount_cents)
     VALUES (@invoiceId, @kind, @description, @deploymentId, @quantity, @unitAmountCents, @runningMs, @amountCents)`,
  );
  return {
    usageItems: (id: string): ItemRow[] => itemsOf.all(id).filter((item) => item.kind === 'usage'),
    items: (id: string): ItemRow[] => itemsOf.all(id),
    addItems(invoiceId: string, items: readonly NewItem[]): void {
      for (const item of items) insertItem.run({ invoiceId, ...item });
    },
    deleteItems(invoiceId: string, kind: InvoiceItem['kind'] | null, itemId: number | null = null): number {
      return db
        .prepare(
          'DELETE FROM invoice_items WHERE invoice_id = @invoiceId AND (@kind IS NULL OR kind = @kind) AND (@itemId IS NULL OR id = @itemId)',
        )
        .run({ invoiceId, kind, itemId }).changes;
    },
    /** Sums the items again; tax is rounded once per invoice. */
    recomputeTotals(id: string, now: string): void {
      const subtotal = itemsOf.all(id).reduce((sum, item) => sum + item.amount_cents, 0);
      const tax = taxCents(subtotal, row(id).tax_rate_bp);
      db.prepare(
        'UPDATE invoices SET subtotal_cents = @subtotal, tax_cents = @tax, total_cents = @total, updated_at = @now WHERE id = @id',
      ).run({ id, subtotal, tax, total: subtotal + tax, now });
    },
  };
}

/** A draft is written and refreshed; its status moves only forward: draft → open → paid, or void. */
function invoiceWrites(db: Database) {
  return {
    insertDraft(invoice: {
      id: string;
      customerId: string;
      source: 'usage' | 'manual';
      period: string;
      name: string;
      email: string | null;
      currency: string;
      taxRateBp: number | null;
      now: string;
    }): void {
      db.prepare(
        `INSERT INTO invoices (id, customer_id, source, period, status, customer_name, customer_email, currency, tax_rate_bp, created_at, updated_at)
         VALUES (@id, @customerId, @source, @period, 'draft', @name, @email, @currency, @taxRateBp, @now, @now)`,
      ).run(invoice);
    },
    refreshCustomer(
      id: string,
      customer: { name: string; email: string | null; currency: string; taxRateBp: number | null },
    ): void {
      db.prepare(
        'UPDATE invoices SET customer_name = @name, customer_email = @email, currency = @currency, tax_rate_bp = @taxRateBp WHERE id = @id',
      ).run({ id, ...customer });
    },
    markOpen(id: string, number: string, issuer: { name: string; details: string }, now: string): void {
      db.prepare(
        `UPDATE invoices SET status = 'open', number = @number, issuer_name = @issuerName, issuer_details = @issuerDetails, opened_at = @now, updated_at = @now
         WHERE id = @id AND status = 'draft'`,
      ).run({ id, number, issuerName: issuer.name, issuerDetails: issuer.details, now });
    },
    markVoid(id: string, now: string): void {
      db.prepare(
        `UPDATE invoices SET status = 'void', voided_at = @now, updated_at = @now WHERE id = @id AND status IN ('draft','open')`,
      ).run({ id, now });
    },
    /** Only an open invoice becomes paid; returns whether it did. */
    markPaid(id: string, paidAt: string): boolean {
      return (
        db
          .prepare(
            `UPDATE invoices SET status = 'paid', paid_at = @paidAt, updated_at = @paidAt WHERE id = @id AND status = 'open'`,
          )
          .run({ id, paidAt }).changes > 0
      );
    },
  };
}

export function createInvoiceRepository(db: Database) {
  const queries = invoiceQueries(db);
  return {
    ...queries,
    get: invoiceDetail(db, queries.row),
    ...invoiceItems(db, queries.row),
    ...invoiceWrites(db),
  };
}

export type InvoiceRepository = ReturnType<typeof createInvoiceRepository>;
