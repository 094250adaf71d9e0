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

/** Month-to-date figures, margins against node costs and CSV export, all from the same priced lines. */
export function createUsageReport(deps: {
  db: Database;
  lines: UsageLines;
  nodeCosts: () => NodeCost[];
  now: () => Date;
  currency: () => string;
}) {
  const snapshots = deps.db.prepare<[string], NodeCost>(
    'SELECT node_id AS nodeId, name, monthly_cost_cents AS monthlyCostCents FROM node_cost_snapshots WHERE period = ?',
  );
  const insertSnapshot = deps.db.prepare(
    'INSERT OR IGNORE INTO node_cost_snapshots (period, node_id, name, monthly_cost_cents) VALUES (@period, @nodeId, @name, @monthlyCostCents)',
  );
  const hasSnapshot = deps.db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM node_cost_snapshots WHERE period = ?',
  );

  const summary = (period?: string): MonthSummary => {
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
  };

  return {
    summary,
    /** Keeps what the nodes cost when a month closed, so later changes to nodes do not rewrite history. */
    snapshotNodeCosts(period: string): void {
      if ((hasSnapshot.get(period)?.n ?? 0) > 0) return;
      for (const node of deps.nodeCosts()) insertSnapshot.run({ period, ...node });
    },
    margins(months: number): Margins {
      const currency = deps.currency();
      const current = periodOf(deps.now().getTime());
      const currentNodes = deps.nodeCosts();
      let period = periodOf(Date.UTC(Number(current.slice(0, 4)), Number(current.slice(5, 7)) - months, 1));
      const excluded = new Set<string>();
      const result: Margins['months'] = [];
      for (let i = 0; i < months; i += 1) {
        const lines = summary(period).deployments.filter((line) => line.customerId !== PERSONAL_CUSTOMER_ID);
        for (const line of lines) if (line.currency !== currency) excluded.add(line.currency);
        const revenueCents = lines
          .filter((line) => line.currency === currency)
          .reduce((sum, line) => sum + line.amountCents, 0);
        const snapshot = snapshots.all(period);
        const nodeCostCents = (snapshot.length > 0 ? snapshot : currentNodes).reduce(
          (sum, node) => sum + node.monthlyCostCents,
          0,
        );
        result.push({
          period,
          revenueCents,
          nodeCostCents,
          marginCents: revenueCents - nodeCostCents,
          isPartial: period === current,
        });
        period = nextPeriod(period);
      }
      return { currency, months: result, excludedCurrencies: [...excluded].sort(), nodes: currentNodes };
    },
    csv(period: string, customerId?: string): { fileName: string; csv: string } {
      const lines = summary(period).deployments.filter(
        (line) => !customerId || line.customerId === customerId,
      );
      const header = [
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
      const csv = [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
      return { fileName: `hoster-usage-${period}${customerId ? `-${customerId}` : ''}.csv`, csv };
    },
  };
}

export type UsageReport = ReturnType<typeof createUsageReport>;
