import { billableStatuses, type DeploymentStatus } from '@shared/contract/deployment-model';

export interface MeteredTransition {
  to: DeploymentStatus;
  atMs: number;
  customerId: string;
  priceMonthlyCents: number;
  cause: string;
}

export interface MeteredInterval {
  customerId: string;
  priceMonthlyCents: number;
  startedMs: number;
  /** null while the deployment is still billable. */
  endedMs: number | null;
  endStatus: DeploymentStatus | null;
  endCause: string | null;
}

const isBillable = (status: DeploymentStatus) => billableStatuses.includes(status);

/**
 * Billable intervals of one deployment from its transitions, taken in time order (so a late event,
 * such as a crash reconciled from the node after the app was closed, lands where it happened).
 * An interval opens on entering a billable status and closes on leaving it; a change of customer or
 * price while billable closes it and opens the next one at the same instant.
 */
export function intervalsFromTransitions(transitions: readonly MeteredTransition[]): MeteredInterval[] {
  const ordered = transitions
    .map((t, index) => ({ t, index }))
    .sort((a, b) => a.t.atMs - b.t.atMs || a.index - b.index);
  const intervals: MeteredInterval[] = [];
  let open: MeteredInterval | null = null;
  for (const { t } of ordered) {
    const billable = isBillable(t.to);
    if (
      open &&
      (!billable || open.customerId !== t.customerId || open.priceMonthlyCents !== t.priceMonthlyCents)
    ) {
      open.endedMs = t.atMs;
      open.endStatus = t.to;
      open.endCause = t.cause;
      intervals.push(open);
      open = null;
    }
    if (billable && !open) {
      open = {
        customerId: t.customerId,
        priceMonthlyCents: t.priceMonthlyCents,
        startedMs: t.atMs,
        endedMs: null,
        endStatus: null,
        endCause: null,
      };
    }
  }
  if (open) intervals.push(open);
  return intervals.filter((interval) => interval.endedMs === null || interval.endedMs > interval.startedMs);
}
