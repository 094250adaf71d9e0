import { PERSONAL_CUSTOMER_ID } from '@shared/contract/billing';
import type { DeploymentStatus, DeploymentTransition } from '@shared/contract/deployment-model';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import { intervalsFromTransitions } from './intervals';

interface TransitionRow {
  to_status: DeploymentStatus;
  at_ms: number;
  customer_id: string;
  price_monthly_cents: number;
  cause: string;
}

function recorderStatements(db: Database) {
  return {
    insertTransition: db.prepare(
      `INSERT OR IGNORE INTO billing_transitions
         (event_key, deployment_id, customer_id, price_monthly_cents, from_status, to_status, at_ms, cause, received_at)
       VALUES (@key, @deploymentId, @customerId, @price, @from, @to, @atMs, @cause, @receivedAt)`,
    ),
    upsertDeployment: db.prepare(
      `INSERT INTO billing_deployments (deployment_id, name, template_name, node_id, customer_id, price_monthly_cents, status, last_at_ms)
       VALUES (@deploymentId, @name, @templateName, @nodeId, @customerId, @price, @to, @atMs)
       ON CONFLICT (deployment_id) DO UPDATE SET
         name = excluded.name, template_name = excluded.template_name, node_id = excluded.node_id,
         customer_id = excluded.customer_id, price_monthly_cents = excluded.price_monthly_cents,
         status = excluded.status, last_at_ms = excluded.last_at_ms
       WHERE excluded.last_at_ms >= billing_deployments.last_at_ms`,
    ),
    transitionsOf: db.prepare<[string], TransitionRow>(
      'SELECT to_status, at_ms, customer_id, price_monthly_cents, cause FROM billing_transitions WHERE deployment_id = ? ORDER BY at_ms, id',
    ),
    deleteIntervals: db.prepare('DELETE FROM usage_intervals WHERE deployment_id = ?'),
    insertInterval: db.prepare(
      `INSERT INTO usage_intervals (deployment_id, customer_id, price_monthly_cents, started_ms, ended_ms, end_status, end_cause)
       VALUES (@deploymentId, @customerId, @priceMonthlyCents, @startedMs, @endedMs, @endStatus, @endCause)`,
    ),
  };
}

/** The stored form of a transition; its content is its key. */
function transitionRow(transition: DeploymentTransition, atMs: number) {
  const row = {
    deploymentId: transition.deployment.id,
    customerId: transition.deployment.customerId ?? PERSONAL_CUSTOMER_ID,
    price: transition.deployment.priceMonthlyCents,
    from: transition.from,
    to: transition.to,
    atMs,
    cause: transition.cause,
  };
  const key = JSON.stringify([
    row.deploymentId,
    row.atMs,
    row.from,
    row.to,
    row.cause,
    row.customerId,
    row.price,
  ]);
  return { ...row, key };
}

/**
 * Turns `deployments:transitioned` into stored usage. Every event is kept once (its content is its
 * key, so a repeated event changes nothing), then the deployment's intervals are derived again from
 * all its transitions in time order, which also places late events correctly.
 */
export function createUsageRecorder(db: Database, logger: Logger, now: () => Date) {
  const statements = recorderStatements(db);

  const rederiveIntervals = (deploymentId: string) => {
    const intervals = intervalsFromTransitions(
      statements.transitionsOf.all(deploymentId).map((t) => ({
        to: t.to_status,
        atMs: t.at_ms,
        customerId: t.customer_id,
        priceMonthlyCents: t.price_monthly_cents,
        cause: t.cause,
      })),
    );
    statements.deleteIntervals.run(deploymentId);
    for (const interval of intervals) statements.insertInterval.run({ deploymentId, ...interval });
  };

  const store = db.transaction((transition: DeploymentTransition, atMs: number): boolean => {
    const { deployment } = transition;
    const row = transitionRow(transition, atMs);
    if (statements.insertTransition.run({ ...row, receivedAt: now().toISOString() }).changes === 0)
      return false;
    const { name, templateName, nodeId } = deployment;
    statements.upsertDeployment.run({ ...row, name, templateName, nodeId });
    rederiveIntervals(deployment.id);
    return true;
  });

  return {
    /** Returns whether the event was new. */
    record(transition: DeploymentTransition): boolean {
      const atMs = Date.parse(transition.at);
      if (Number.isNaN(atMs)) {
        logger.warn('billing ignored a transition without a valid time', {
          deploymentId: transition.deployment.id,
          at: transition.at,
        });
        return false;
      }
      return store(transition, atMs);
    },
  };
}

export type UsageRecorder = ReturnType<typeof createUsageRecorder>;
