import { describe, expect, it } from 'vitest';
import type { BackupOverviewRow } from '@shared/contract/backups';
import type { Customer, MonthSummary, StripeStatus } from '@shared/contract/billing-model';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { SshKey } from '@shared/contract/keys';
import type { Alert } from '@shared/contract/monitoring';
import type { Node } from '@shared/contract/nodes';
import {
  backupsNeedingAttention,
  checklistSteps,
  countDeployments,
  countFleet,
  describeJob,
  isSetUp,
  newestAlerts,
  revenueByCurrency,
  type ChecklistData,
} from './home-model';

// Only the fields the model reads are filled; the rest of each row does not change its answer.
const node = (status: Node['status']) => ({ id: status, status }) as Node;
const deployment = (status: DeploymentSummary['status']) => ({ id: status, status }) as DeploymentSummary;
const key = { id: 'k1' } as SshKey;
const customer = (isPersonal: boolean) => ({ id: isPersonal ? 'me' : 'c1', isPersonal }) as Customer;
const stripe = (isConfigured: boolean) => ({ isConfigured }) as StripeStatus;
const alert = (id: number, raisedAt: string, patch: Partial<Alert> = {}) =>
  ({ id, raisedAt, resolvedAt: null, dismissedAt: null, ...patch }) as Alert;

const empty: ChecklistData = { keys: [], nodes: [], deployments: [], stripe: stripe(false), customers: [] };
const doneOf = (data: ChecklistData) => checklistSteps(data).map((step) => [step.id, step.isDone]);

describe('the first-run checklist', () => {
  it('has every step to do on an empty fleet', () => {
    expect(doneOf(empty)).toEqual([
      ['key', false],
      ['node', false],
      ['deploy', false],
      ['billing', false],
    ]);
    expect(isSetUp(checklistSteps(empty))).toBe(false);
  });

  it('marks each step done from the data that proves it', () => {
    const partway = { ...empty, keys: [key], nodes: [node('online')] };
    expect(doneOf(partway).slice(0, 3)).toEqual([
      ['key', true],
      ['node', true],
      ['deploy', false],
    ]);
    expect(isSetUp(checklistSteps(partway))).toBe(false);
  });

  it('is set up once the required steps are done, billing being optional', () => {
    const data = { ...empty, keys: [key], nodes: [node('offline')], deployments: [deployment('stopped')] };
    expect(isSetUp(checklistSteps(data))).toBe(true);
    expect(checklistSteps(data).find((step) => step.id === 'billing')).toEqual({
      id: 'billing',
      isDone: false,
      isOptional: true,
    });
  });

  it('does not count a deleted deployment as a first app', () => {
    expect(doneOf({ ...empty, deployments: [deployment('deleted')] })[2]).toEqual(['deploy', false]);
  });

  it('counts billing as set up with a Stripe key or a customer, not the personal one', () => {
    expect(doneOf({ ...empty, stripe: stripe(true) })[3]).toEqual(['billing', true]);
    expect(doneOf({ ...empty, customers: [customer(true)] })[3]).toEqual(['billing', false]);
    expect(doneOf({ ...empty, customers: [customer(true), customer(false)] })[3]).toEqual(['billing', true]);
  });

  it('leaves a step unknown while its data is not loaded, and is not set up then', () => {
    const loading = { keys: null, nodes: null, deployments: null, stripe: null, customers: null };
    expect(doneOf(loading).map(([, isDone]) => isDone)).toEqual([null, null, null, null]);
    expect(isSetUp(checklistSteps({ ...loading, keys: [key], nodes: [node('online')] }))).toBe(false);
  });
});

describe('the figures', () => {
  it('counts nodes by status, maintenance and unchecked ones apart', () => {
    const nodes = ['online', 'online', 'offline', 'degraded', 'maintenance', 'unknown'] as const;
    expect(countFleet(nodes.map(node))).toEqual({ online: 2, offline: 1, degraded: 1, other: 2 });
  });

  it('counts deployments by state, leaving out empty states and deleted ones', () => {
    const list = ['stopped', 'running', 'running', 'deleted', 'failed'] as const;
    expect(countDeployments(list.map(deployment))).toEqual([
      { status: 'running', count: 2 },
      { status: 'failed', count: 1 },
      { status: 'stopped', count: 1 },
    ]);
  });

  it('lists the newest open alerts first, up to the limit', () => {
    const alerts = [
      alert(1, '2026-01-01T00:00:00Z'),
      alert(2, '2026-01-03T00:00:00Z'),
      alert(3, '2026-01-04T00:00:00Z', { resolvedAt: '2026-01-05T00:00:00Z' }),
      alert(4, '2026-01-02T00:00:00Z'),
    ];
    expect(newestAlerts(alerts, 2).map((a) => a.id)).toEqual([2, 4]);
  });

  it('finds overdue and failing backups', () => {
    const rows = [
      { deploymentId: 'a', isStale: true, lastRun: null },
      { deploymentId: 'b', isStale: false, lastRun: { status: 'failed' } },
      { deploymentId: 'c', isStale: false, lastRun: { status: 'succeeded' } },
    ] as BackupOverviewRow[];
    const { due, failing } = backupsNeedingAttention(rows);
    expect(due.map((r) => r.deploymentId)).toEqual(['a']);
    expect(failing.map((r) => r.deploymentId)).toEqual(['b']);
  });

  it("sums this month's revenue per currency, leaving out your own deployments", () => {
    const summary = {
      customers: [
        { isPersonal: true, currency: 'USD', amountCents: 900 },
        { isPersonal: false, currency: 'USD', amountCents: 700 },
        { isPersonal: false, currency: 'EUR', amountCents: 250 },
        { isPersonal: false, currency: 'USD', amountCents: 300 },
      ],
    } as MonthSummary;
    expect(revenueByCurrency(summary)).toEqual([
      { currency: 'USD', cents: 1000 },
      { currency: 'EUR', cents: 250 },
    ]);
  });

  it('names a job by its action and target, or by its whole kind without a target', () => {
    expect(describeJob({ kind: 'deployment:deploy' }, 'wiki')).toBe('Deploy: wiki');
    expect(describeJob({ kind: 'backups:check' })).toBe('Backups check');
  });
});
