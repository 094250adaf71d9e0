import {
  PERSONAL_CUSTOMER_ID,
  type CustomerTotal,
  type Margins,
  type MonthSummary,
  type UsageLine,
} from '@shared/contract/billing';
import type { Database } from '../../db/database';
import type { NodeCost } from '../billing-ports';
import { monthBounds, nextPeriod, periodOf, ROUNDING_RULE } from './proration';
import type { UsageLines } from './usage-lines';

const csvCell = (value: string | number): string => {
  // A name starting with = + - @ would run as a formula in a spreadsheet: keep it text.
  const text =
    typeof value === 'string' && /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value)
      ? `'${value}`
      : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const centsText = (cents: number): string =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function totalsByCustomer(lines: readonly UsageLine[]): CustomerTotal[] {
  const totals = new Map<string, CustomerTotal>();
  for (const line of lines) {
    const total = totals.get(line.customerId) ?? {
      customerId: line.customerId,
      customerName: line.customerName,
      isPersonal: line.customerId === PERSONAL_CUSTOMER_ID,
      currency: line.currency,
      amountCents: 0,
      hours: 0,
      deployments: 0,
    };
    total.amountCents += line.amountCents;
    total.hours = Math.round((total.hours + line.hours) * 100) / 100;
    total.deployments += 1;
    totals.set(line.customerId, total);
  }
  return [...totals.values()];
}

const CSV_HEADER = [
  'period',
  'customer_id',
  'customer',
  'deployment_id',
  'deployment',
  'template',
  'currency',
  'monthly_price',
  'running_hours',
  'running_ms',
  'amount',
];

/** One row per priced line, CRLF line ends as RFC 4180 has them. */
export function usageCsv(period: string, lines: readonly UsageLine[]): string {
  const rows = lines.map((line) => [
    period,
    line.customerId,
    line.customerName,
    line.deploymentId,
    line.deploymentName,
    line.templateName,
    line.currency,
    centsText(line.priceMonthlyCents),
    line.hours.toFixed(2),
    line.runningMs,
    centsText(line.amountCents),
  ]);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** What the nodes cost when a month closed, so later changes to nodes do not rewrite history. */
function nodeCostSnapshots(db: Database) {
  const snapshots = db.prepare<[string], NodeCost>(
    'SELECT node_id AS nodeId, name, monthly_cost_cents AS monthlyCostCents FROM node_cost_snapshots WHERE period = ?',
  );
  const insertSnapshot = db.prepare(
    'INSERT OR IGNORE INTO node_cost_snapshots (period, node_id, name, monthly_cost_cents) VALUES (@period, @nodeId, @name, @monthlyCostCents)',
  );
  const hasSnapshot = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM node_cost_snapshots WHERE period = ?',
  );
  return {
    of: (period: string): NodeCost[] => snapshots.all(period),
    take(period: string, nodes: readonly NodeCost[]): void {
      if ((hasSnapshot.get(period)?.n ?? 0) > 0) return;
      for (const node of nodes) insertSnapshot.run({ period, ...node });
    },
  };
}

/** One month's revenue in the billing currency against its node costs (the snapshot, or today's). */
function monthMargin(
  lines: readonly UsageLine[],
  nodes: readonly NodeCost[],
  currency: string,
): { revenueCents: number; nodeCostCents: number; otherCurrencies: string[] } {
  const paid = lines.filter((line) => line.customerId !== PERSONAL_CUSTOMER_ID);
  const revenueCents = paid
    .filter((line) => line.currency === currency)
    .reduce((sum, line) => sum + line.amountCents, 0);
  const nodeCostCents = nodes.reduce((sum, node) => sum + node.monthlyCostCents, 0);
  const otherCurrencies = paid.filter((line) => line.currency !== currency).map((line) => line.currency);
  return { revenueCents, nodeCostCents, otherCurrencies };
}

interface ReportDeps {
  db: Database;
  lines: UsageLines;
  nodeCosts: () => NodeCost[];
  now: () => Date;
  currency: () => string;
}

function monthSummary(deps: ReportDeps, period?: string): MonthSummary {
  const nowMs = deps.now().getTime();
  const current = periodOf(nowMs);
  const chosen = period ?? current;
  const bounds = monthBounds(chosen);
  const untilMs = Math.min(nowMs, bounds.endMs);
  const lines = bounds.startMs > nowMs ? [] : deps.lines.linesOf(chosen, untilMs);
  return {
    period: chosen,
    from: new Date(bounds.startMs).toISOString(),
    until: new Date(Math.max(untilMs, bounds.startMs)).toISOString(),
    isCurrentMonth: chosen === current,
    customers: totalsByCustomer(lines),
    deployments: lines,
    roundingRule: ROUNDING_RULE,
  };
}

/** Month-to-date figures, margins against node costs and CSV export, all from the same priced lines. */
export function createUsageReport(deps: ReportDeps) {
  const snapshots = nodeCostSnapshots(deps.db);
  const summary = (period?: string) => monthSummary(deps, period);

  return {
    summary,
    snapshotNodeCosts: (period: string): void => snapshots.take(period, deps.nodeCosts()),
    margins(months: number): Margins {
      const currency = deps.currency();
      const current = periodOf(deps.now().getTime());
      const currentNodes = deps.nodeCosts();
      let period = periodOf(Date.UTC(Number(current.slice(0, 4)), Number(current.slice(5, 7)) - months, 1));
      const excluded = new Set<string>();
      const result: Margins['months'] = [];
      for (let i = 0; i < months; i += 1) {
        const snapshot = snapshots.of(period);
        const nodes = snapshot.length > 0 ? snapshot : currentNodes;
        const month = monthMargin(summary(period).deployments, nodes, currency);
        for (const other of month.otherCurrencies) excluded.add(other);
        const { revenueCents, nodeCostCents } = month;
        const marginCents = revenueCents - nodeCostCents;
        result.push({ period, revenueCents, nodeCostCents, marginCents, isPartial: period === current });
        period = nextPeriod(period);
      }
      return { currency, months: result, excludedCurrencies: [...excluded].sort(), nodes: currentNodes };
    },
    csv(period: string, customerId?: string): { fileName: string; csv: string } {
      const lines = summary(period).deployments.filter(
        (line) => !customerId || line.customerId === customerId,
      );
      const fileName = `hoster-usage-${period}${customerId ? `-${customerId}` : ''}.csv`;
      return { fileName, csv: usageCsv(period, lines) };
    },
  };
}

export type UsageReport = ReturnType<typeof createUsageReport>;
