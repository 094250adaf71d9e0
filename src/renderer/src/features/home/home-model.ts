import type { BackupOverviewRow } from '@shared/contract/backups';
import type { Customer, MonthSummary, StripeStatus } from '@shared/contract/billing-model';
import type { DeploymentStatus, DeploymentSummary } from '@shared/contract/deployment-model';
import type { Job } from '@shared/contract/jobs';
import type { SshKey } from '@shared/contract/keys';
import type { Alert } from '@shared/contract/monitoring';
import type { Node } from '@shared/contract/nodes';

export interface FleetCounts {
  online: number;
  offline: number;
  degraded: number;
  /** Nodes in maintenance or not checked yet. */
  other: number;
}

export function countFleet(nodes: readonly Node[]): FleetCounts {
  const counts: FleetCounts = { online: 0, offline: 0, degraded: 0, other: 0 };
  for (const node of nodes) {
    if (node.status === 'online' || node.status === 'offline' || node.status === 'degraded')
      counts[node.status] += 1;
    else counts.other += 1;
  }
  return counts;
}

/** Deployment states in the order Home lists them; `deleted` is history, not fleet. */
const statusOrder: readonly DeploymentStatus[] = [
  'running',
  'degraded',
  'failed',
  'starting',
  'updating',
  'pending',
  'scheduled',
  'stopping',
  'stopped',
  'deleting',
];

/** Each state that has deployments, with how many, in `statusOrder`. */
export function countDeployments(
  deployments: readonly DeploymentSummary[],
): { status: DeploymentStatus; count: number }[] {
  return statusOrder
    .map((status) => ({ status, count: deployments.filter((d) => d.status === status).length }))
    .filter((entry) => entry.count > 0);
}

/** The newest open alerts first, at most `limit`. */
export const newestAlerts = (alerts: readonly Alert[], limit: number): Alert[] =>
  alerts
    .filter((alert) => alert.resolvedAt === null && alert.dismissedAt === null)
    .toSorted((a, b) => b.raisedAt.localeCompare(a.raisedAt))
    .slice(0, limit);

/** Backups that need a look: overdue (stale) or whose last run failed. */
export function backupsNeedingAttention(rows: readonly BackupOverviewRow[]): {
  due: BackupOverviewRow[];
  failing: BackupOverviewRow[];
} {
  return {
    due: rows.filter((row) => row.isStale),
    failing: rows.filter((row) => row.lastRun?.status === 'failed'),
  };
}

/** This month's revenue from customers (your own deployments earn nothing), one sum per currency. */
export function revenueByCurrency(summary: MonthSummary): { currency: string; cents: number }[] {
  const sums = new Map<string, number>();
  for (const total of summary.customers)
    if (!total.isPersonal) sums.set(total.currency, (sums.get(total.currency) ?? 0) + total.amountCents);
  return [...sums].map(([currency, cents]) => ({ currency, cents }));
}

export type ChecklistStepId = 'key' | 'node' | 'deploy' | 'billing';

export interface ChecklistStep {
  id: ChecklistStepId;
  /** null while the data that says it is still loading (or failed to load). */
  isDone: boolean | null;
  isOptional: boolean;
}

export interface ChecklistData {
  keys: readonly SshKey[] | null;
  nodes: readonly Node[] | null;
  deployments: readonly DeploymentSummary[] | null;
  stripe: StripeStatus | null;
  customers: readonly Customer[] | null;
}

const known = <T>(value: T | null, test: (value: T) => boolean): boolean | null =>
  value === null ? null : test(value);

/** The first-run steps, each done or not from what the app holds. */
export function checklistSteps(data: ChecklistData): ChecklistStep[] {
  const billing =
    data.stripe?.isConfigured === true || data.customers?.some((c) => !c.isPersonal) === true
      ? true
      : data.stripe === null && data.customers === null
        ? null
        : false;
  return [
    { id: 'key', isDone: known(data.keys, (keys) => keys.length > 0), isOptional: false },
    { id: 'node', isDone: known(data.nodes, (nodes) => nodes.length > 0), isOptional: false },
    {
      id: 'deploy',
      isDone: known(data.deployments, (list) => list.some((d) => d.status !== 'deleted')),
      isOptional: false,
    },
    { id: 'billing', isDone: billing, isOptional: true },
  ];
}

/** Every step that is not optional is done: the checklist has done its work. */
export const isSetUp = (steps: readonly ChecklistStep[]): boolean =>
  steps.every((step) => step.isOptional || step.isDone === true);

const sentence = (text: string) => {
  const words = text.replace(/[:_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * What a job did, in words: "Deploy: wiki" when the name of what it ran on is known (its kind's
 * action), else the whole kind, "Backups check".
 */
export function describeJob(job: Pick<Job, 'kind'>, targetName?: string): string {
  if (!targetName) return sentence(job.kind);
  return `${sentence(job.kind.split(':').at(-1) ?? job.kind)}: ${targetName}`;
}
