import { PERSONAL_CUSTOMER_ID, type UsageInterval, type UsageLine } from '@shared/contract/billing';
import type { Database } from '../../db/database';
import { hoursOf, monthBounds, overlapMs, prorateCents } from './proration';

interface IntervalRow {
  id: number;
  deployment_id: string;
  customer_id: string;
  price_monthly_cents: number;
  started_ms: number;
  ended_ms: number | null;
  end_status: string | null;
  end_cause: string | null;
  deployment_name: string | null;
  template_name: string | null;
  customer_name: string | null;
  currency: string | null;
}

const selectIntervals = `
  SELECT u.*, d.name AS deployment_name, d.template_name, c.name AS customer_name, c.currency
  FROM usage_intervals u
  LEFT JOIN billing_deployments d ON d.deployment_id = u.deployment_id
  LEFT JOIN customers c ON c.id = u.customer_id`;

const emptyLine = (row: IntervalRow): UsageLine => ({
  deploymentId: row.deployment_id,
  deploymentName: row.deployment_name ?? row.deployment_id,
  templateName: row.template_name ?? '',
  customerId: row.customer_id,
  customerName: row.customer_name ?? row.customer_id,
  currency: row.currency ?? 'USD',
  priceMonthlyCents: row.price_monthly_cents,
  runningMs: 0,
  hours: 0,
  amountCents: 0,
  isRunning: false,
});

/** Sums each deployment, customer and rate's running time inside the month, up to `untilMs`. */
function sumByLine(rows: readonly IntervalRow[], month: { startMs: number; endMs: number }, untilMs: number) {
  const until = Math.min(untilMs, month.endMs);
  const lines = new Map<string, UsageLine>();
  for (const row of rows) {
    const ms = overlapMs(row.started_ms, row.ended_ms, month.startMs, until);
    if (ms <= 0) continue;
    const key = JSON.stringify([row.deployment_id, row.customer_id, row.price_monthly_cents]);
    const line = lines.get(key) ?? emptyLine(row);
    line.runningMs += ms;
    line.isRunning ||= row.ended_ms === null && untilMs < month.endMs;
    lines.set(key, line);
  }
  return [...lines.values()];
}

const toInterval = (row: IntervalRow, nowMs: number): UsageInterval => ({
  id: row.id,
  deploymentId: row.deployment_id,
  deploymentName: row.deployment_name ?? row.deployment_id,
  customerId: row.customer_id,
  customerName:
    row.customer_name ?? (row.customer_id === PERSONAL_CUSTOMER_ID ? 'Personal' : row.customer_id),
  priceMonthlyCents: row.price_monthly_cents,
  startedAt: new Date(row.started_ms).toISOString(),
  endedAt: row.ended_ms === null ? null : new Date(row.ended_ms).toISOString(),
  endStatus: row.end_status,
  endCause: row.end_cause,
  hours: hoursOf((row.ended_ms ?? nowMs) - row.started_ms),
});

/** Reads metered intervals and prices them: one line per deployment, customer and rate in a month. */
export function createUsageLines(db: Database) {
  const overlapping = db.prepare<{ fromMs: number; untilMs: number }, IntervalRow>(
    `${selectIntervals} WHERE u.started_ms < @untilMs AND (u.ended_ms IS NULL OR u.ended_ms > @fromMs) ORDER BY u.started_ms, u.id`,
  );
  const earliest = db.prepare<[], { started: number | null }>(
    'SELECT MIN(started_ms) AS started FROM usage_intervals',
  );

  return {
    /** Usage inside one month up to `untilMs` (the month's end for a finished month, now for this one). */
    linesOf(period: string, untilMs: number): UsageLine[] {
      const month = monthBounds(period);
      const rows = overlapping.all({ fromMs: month.startMs, untilMs: Math.min(untilMs, month.endMs) });
      const monthMs = month.endMs - month.startMs;
      return sumByLine(rows, month, untilMs)
        .map((line) => ({
          ...line,
          hours: hoursOf(line.runningMs),
          amountCents: prorateCents(line.priceMonthlyCents, line.runningMs, monthMs),
        }))
        .sort(
          (a, b) =>
            a.customerName.localeCompare(b.customerName) || a.deploymentName.localeCompare(b.deploymentName),
        );
    },
    earliestStartMs: (): number | null => earliest.get()?.started ?? null,
    intervals(
      filter: { customerId?: string | undefined; deploymentId?: string | undefined; limit: number },
      nowMs: number,
    ): UsageInterval[] {
      return db
        .prepare<{ customerId: string | null; deploymentId: string | null; limit: number }, IntervalRow>(
          `${selectIntervals}
           WHERE (@customerId IS NULL OR u.customer_id = @customerId) AND (@deploymentId IS NULL OR u.deployment_id = @deploymentId)
           ORDER BY u.started_ms DESC, u.id DESC LIMIT @limit`,
        )
        .all({
          customerId: filter.customerId ?? null,
          deploymentId: filter.deploymentId ?? null,
          limit: filter.limit,
        })
        .map((row) => toInterval(row, nowMs));
    },
  };
}

export type UsageLines = ReturnType<typeof createUsageLines>;
