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

/**
 * Closes finished months into one usage invoice per customer. Idempotent: the unique index on
 * (customer, month) means a second run finds the invoice instead of making one; a draft's usage lines
 * are brought up to date (late events), while open, paid and void invoices are never touched.
 */
export function createInvoiceGenerator(deps: {
  db: Database;
  invoices: InvoiceRepository;
  lines: UsageLines;
  report: UsageReport;
  logger: Logger;
  now: () => Date;
  onChanged: (invoiceId: string) => void;
}) {
  const customerById = deps.db.prepare<[string], CustomerRow>(
    'SELECT id, name, email, currency, tax_rate_bp FROM customers WHERE id = ?',
  );

  const itemsFor = (customerId: string, period: string): NewItem[] =>
    deps.lines
      .linesOf(period, monthBounds(period).endMs)
      .filter((line) => line.customerId === customerId)
      .map((line) => usageItem(line, period));

  /** Brings a usage draft's lines and customer details up to date; returns whether anything changed. */
  const syncDraft = deps.db.transaction((invoiceId: string): boolean => {
    const invoice = deps.invoices.row(invoiceId);
    if (invoice.status !== 'draft') return false;
    const customer = customerById.get(invoice.customer_id);
    let changed = false;
    if (
      customer &&
      (customer.name !== invoice.customer_name ||
        customer.email !== invoice.customer_email ||
        customer.currency !== invoice.currency ||
        customer.tax_rate_bp !== invoice.tax_rate_bp)
    ) {
      deps.invoices.refreshCustomer(invoiceId, {
        name: customer.name,
        email: customer.email,
        currency: customer.currency,
        taxRateBp: customer.tax_rate_bp,
      });
      changed = true;
    }
    if (invoice.source === 'usage') {
      const fresh = itemsFor(invoice.customer_id, invoice.period);
      if (!sameItems(deps.invoices.usageItems(invoiceId), fresh)) {
        deps.invoices.deleteItems(invoiceId, 'usage');
        deps.invoices.addItems(invoiceId, fresh);
        changed = true;
      }
    }
    if (changed) deps.invoices.recomputeTotals(invoiceId, deps.now().toISOString());
    return changed;
  });

  const closeMonth = deps.db.transaction((period: string): { created: string[]; updated: string[] } => {
    const created: string[] = [];
    const updated: string[] = [];
    deps.report.snapshotNodeCosts(period);
    const byCustomer = new Map<string, UsageLine[]>();
    for (const line of deps.lines.linesOf(period, monthBounds(period).endMs)) {
      if (line.customerId === PERSONAL_CUSTOMER_ID) continue;
      byCustomer.set(line.customerId, [...(byCustomer.get(line.customerId) ?? []), line]);
    }
    for (const [customerId, lines] of byCustomer) {
      const existing = deps.invoices.findUsageInvoice(customerId, period);
      if (existing) {
        if (syncDraft(existing.id)) updated.push(existing.id);
        continue;
      }
      if (lines.reduce((sum, line) => sum + line.amountCents, 0) <= 0) continue;
      const customer = customerById.get(customerId);
      if (!customer) {
        deps.logger.warn('billing found usage for an unknown customer; not invoiced', { customerId, period });
        continue;
      }
      const id = newInvoiceId();
      const now = deps.now().toISOString();
      deps.invoices.insertDraft({
        id,
        customerId,
        source: 'usage',
        period,
        name: customer.name,
        email: customer.email,
        currency: customer.currency,
        taxRateBp: customer.tax_rate_bp,
        now,
      });
      deps.invoices.addItems(
        id,
        lines.map((line) => usageItem(line, period)),
      );
      deps.invoices.recomputeTotals(id, now);
      created.push(id);
    }
    return { created, updated };
  });

  return {
    syncDraft,
    run(): { created: number; updated: number } {
      const nowMs = deps.now().getTime();
      const current = periodOf(nowMs);
      const earliest = deps.lines.earliestStartMs();
      let created = 0;
      let updated = 0;
      if (earliest === null) return { created, updated };
      const oldest = periodOf(
        Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth() - MAX_MONTHS_BACK, 1),
      );
      let period = periodOf(earliest) < oldest ? oldest : periodOf(earliest);
      for (let guard = 0; guard <= MAX_MONTHS_BACK && period < current; guard += 1) {
        const result = closeMonth(period);
        for (const id of [...result.created, ...result.updated]) deps.onChanged(id);
        created += result.created.length;
        updated += result.updated.length;
        period = nextPeriod(period);
      }
      return { created, updated };
    },
  };
}

export type InvoiceGenerator = ReturnType<typeof createInvoiceGenerator>;
