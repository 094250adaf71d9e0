import { randomUUID } from 'node:crypto';
import { PERSONAL_CUSTOMER_ID, type UsageLine } from '@shared/contract/billing';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import { monthBounds, nextPeriod, periodOf } from '../metering/proration';
import type { UsageLines } from '../metering/usage-lines';
import type { UsageReport } from '../metering/usage-report';
import type { InvoiceRepository, NewItem } from './invoice-repository';

interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  currency: string;
  tax_rate_bp: number | null;
}

/** Months further back than this are not looked at again (usage that old was invoiced long ago). */
const MAX_MONTHS_BACK = 120;

export const newInvoiceId = (): string => `inv_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

const usageItem = (line: UsageLine, period: string): NewItem => ({
  kind: 'usage',
  description: `${line.deploymentName}${line.templateName ? ` (${line.templateName})` : ''}, ${period}`,
  deploymentId: line.deploymentId,
  quantity: line.hours,
  unitAmountCents: line.priceMonthlyCents,
  runningMs: line.runningMs,
  amountCents: line.amountCents,
});

const sameItems = (
  a: readonly {
    deployment_id: string | null;
    unit_amount_cents: number;
    amount_cents: number;
    quantity: number;
  }[],
  b: readonly NewItem[],
) =>
  a.length === b.length &&
  a.every((item, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      item.deployment_id === other.deploymentId &&
      item.unit_amount_cents === other.unitAmountCents &&
      item.amount_cents === other.amountCents &&
      item.quantity === other.quantity
    );
  });

interface GeneratorDeps {
  db: Database;
  invoices: InvoiceRepository;
  lines: UsageLines;
  report: UsageReport;
  logger: Logger;
  now: () => Date;
  onChanged: (invoiceId: string) => void;
}

type InvoiceRow = ReturnType<InvoiceRepository['row']>;

const customerChanged = (customer: CustomerRow, invoice: InvoiceRow): boolean =>
  customer.name !== invoice.customer_name ||
  customer.email !== invoice.customer_email ||
  customer.currency !== invoice.currency ||
  customer.tax_rate_bp !== invoice.tax_rate_bp;

/** A month's usage lines of paying customers, by customer (Personal is never invoiced). */
function linesByCustomer(lines: UsageLines, period: string): Map<string, UsageLine[]> {
  const byCustomer = new Map<string, UsageLine[]>();
  for (const line of lines.linesOf(period, monthBounds(period).endMs)) {
    if (line.customerId === PERSONAL_CUSTOMER_ID) continue;
    byCustomer.set(line.customerId, [...(byCustomer.get(line.customerId) ?? []), line]);
  }
  return byCustomer;
}

/** The first month not yet closed, at most MAX_MONTHS_BACK ago. */
function firstPeriod(nowMs: number, earliestMs: number): string {
  const now = new Date(nowMs);
  const oldest = periodOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - MAX_MONTHS_BACK, 1));
  return periodOf(earliestMs) < oldest ? oldest : periodOf(earliestMs);
}

/** Brings a usage draft's lines and customer details up to date; returns whether anything changed. */
function draftSync(deps: GeneratorDeps, customerById: (id: string) => CustomerRow | undefined) {
  const itemsFor = (customerId: string, period: string): NewItem[] =>
    deps.lines
      .linesOf(period, monthBounds(period).endMs)
      .filter((line) => line.customerId === customerId)
      .map((line) => usageItem(line, period));

  const refreshCustomer = (invoice: InvoiceRow): boolean => {
    const customer = customerById(invoice.customer_id);
    if (!customer || !customerChanged(customer, invoice)) return false;
    const { name, email, currency } = customer;
    deps.invoices.refreshCustomer(invoice.id, { name, email, currency, taxRateBp: customer.tax_rate_bp });
    return true;
  };
  const refreshUsage = (invoice: InvoiceRow): boolean => {
    if (invoice.source !== 'usage') return false;
    const fresh = itemsFor(invoice.customer_id, invoice.period);
    if (sameItems(deps.invoices.usageItems(invoice.id), fresh)) return false;
    deps.invoices.deleteItems(invoice.id, 'usage');
    deps.invoices.addItems(invoice.id, fresh);
    return true;
  };

  return deps.db.transaction((invoiceId: string): boolean => {
    const invoice = deps.invoices.row(invoiceId);
    if (invoice.status !== 'draft') return false;
    const customerRefreshed = refreshCustomer(invoice);
    const changed = refreshUsage(invoice) || customerRefreshed;
    if (changed) deps.invoices.recomputeTotals(invoiceId, deps.now().toISOString());
    return changed;
  });
}

/** One month closed: an existing draft synced, or a new usage draft for a customer with something to pay. */
function monthClosing(
  deps: GeneratorDeps,
  customerById: (id: string) => CustomerRow | undefined,
  syncDraft: (invoiceId: string) => boolean,
) {
  const newDraft = (customer: CustomerRow, period: string, lines: readonly UsageLine[]): string => {
    const id = newInvoiceId();
    const now = deps.now().toISOString();
    const { name, email, currency } = customer;
    const customerId = customer.id;
    deps.invoices.insertDraft({
      id,
      customerId,
      source: 'usage',
      period,
      name,
      email,
      currency,
      taxRateBp: customer.tax_rate_bp,
      now,
    });
    deps.invoices.addItems(
      id,
      lines.map((line) => usageItem(line, period)),
    );
    deps.invoices.recomputeTotals(id, now);
    return id;
  };

  return deps.db.transaction((period: string): { created: string[]; updated: string[] } => {
    const result = { created: [] as string[], updated: [] as string[] };
    deps.report.snapshotNodeCosts(period);
    for (const [customerId, lines] of linesByCustomer(deps.lines, period)) {
      const existing = deps.invoices.findUsageInvoice(customerId, period);
      if (existing) {
        if (syncDraft(existing.id)) result.updated.push(existing.id);
        continue;
      }
      if (lines.reduce((sum, line) => sum + line.amountCents, 0) <= 0) continue;
      const customer = customerById(customerId);
      if (customer) result.created.push(newDraft(customer, period, lines));
      else
        deps.logger.warn('billing found usage for an unknown customer; not invoiced', { customerId, period });
    }
    return result;
  });
}

/**
 * Closes finished months into one usage invoice per customer. Idempotent: the unique index on
 * (customer, month) means a second run finds the invoice instead of making one; a draft's usage lines
 * are brought up to date (late events), while open, paid and void invoices are never touched.
 */
export function createInvoiceGenerator(deps: GeneratorDeps) {
  const customerQuery = deps.db.prepare<[string], CustomerRow>(
    'SELECT id, name, email, currency, tax_rate_bp FROM customers WHERE id = ?',
  );
  const customerById = (id: string) => customerQuery.get(id);
  const syncDraft = draftSync(deps, customerById);
  const closeMonth = monthClosing(deps, customerById, syncDraft);

  return {
    syncDraft,
    run(): { created: number; updated: number } {
      const nowMs = deps.now().getTime();
      const current = periodOf(nowMs);
      const earliest = deps.lines.earliestStartMs();
      const totals = { created: 0, updated: 0 };
      if (earliest === null) return totals;
      let period = firstPeriod(nowMs, earliest);
      for (let guard = 0; guard <= MAX_MONTHS_BACK && period < current; guard += 1) {
        const result = closeMonth(period);
        for (const id of [...result.created, ...result.updated]) deps.onChanged(id);
        totals.created += result.created.length;
        totals.updated += result.updated.length;
        period = nextPeriod(period);
      }
      return totals;
    },
  };
}

export type InvoiceGenerator = ReturnType<typeof createInvoiceGenerator>;
