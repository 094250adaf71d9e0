import type { DeploymentStatus, Exposure } from '@shared/contract/deployment-model';
import type { Database } from '../db/database';
import { createAllocationStore } from './allocation-store';
import type { Deployment, DeploymentChange, NewDeployment, TransitionRecord } from './deployment-types';
import { createRevisionStore } from './revision-store';

interface DeploymentRow {
  id: string;
  name: string;
  node_id: string;
  template_id: string;
  template_name: string;
  template_version: string;
  customer_id: string | null;
  status: DeploymentStatus;
  exposure: Exposure;
  price_monthly_cents: number;
  price_override_cents: number | null;
  current_revision: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

interface TransitionRow {
  from_status: DeploymentStatus | null;
  to_status: DeploymentStatus;
  cause: string;
  at: string;
}

const toDeployment = (row: DeploymentRow): Deployment => ({
  id: row.id,
  name: row.name,
  nodeId: row.node_id,
  templateId: row.template_id,
  templateName: row.template_name,
  templateVersion: row.template_version,
  customerId: row.customer_id,
  status: row.status,
  exposure: row.exposure,
  priceMonthlyCents: row.price_monthly_cents,
  priceOverrideCents: row.price_override_cents,
  currentRevision: row.current_revision,
  error: row.error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toTransition = (row: TransitionRow): TransitionRecord => ({
  from: row.from_status,
  to: row.to_status,
  cause: row.cause,
  at: row.at,
});

/** The columns each changeable field is stored in; `update` writes only these. */
const changeColumns: Record<keyof DeploymentChange, string> = {
  customerId: 'customer_id',
  priceOverrideCents: 'price_override_cents',
  currentRevision: 'current_revision',
  templateVersion: 'template_version',
  priceMonthlyCents: 'price_monthly_cents',
};

interface TransitionChange {
  from: DeploymentStatus;
  to: DeploymentStatus;
  cause: string;
  at: string;
  error: string | null;
}

const ALIVE = "status != 'deleted'";

const selectDeployments =
  (db: Database) =>
  (where: string, ...params: unknown[]): Deployment[] =>
    db
      .prepare<unknown[], DeploymentRow>(`SELECT * FROM deployments WHERE ${where}`)
      .all(...params)
      .map(toDeployment);

/** Each deployment's history of statuses, and the compare-and-swap that moves it on. */
function createTransitionLog(db: Database) {
  const get = (id: string): Deployment | undefined => selectDeployments(db)('id = ?', id)[0];
  const insert = db.prepare(
    'INSERT INTO deployment_transitions (deployment_id, from_status, to_status, cause, at) VALUES (?, ?, ?, ?, ?)',
  );
  // Compare-and-swap: the update lands only if the row is still in the state the caller saw.
  const swap = db.prepare(
    'UPDATE deployments SET status = @to, error = @error, updated_at = @at WHERE id = @id AND status = @from',
  );
  const record = (
    id: string,
    from: DeploymentStatus | null,
    to: DeploymentStatus,
    cause: string,
    at: string,
  ) => void insert.run(id, from, to, cause, at);

  return {
    record,
    /** Returns the updated deployment, or undefined when it was no longer in `from`. */
    transition: (id: string, change: TransitionChange): Deployment | undefined =>
      db.transaction(() => {
        if (swap.run({ id, ...change }).changes === 0) return undefined;
        record(id, change.from, change.to, change.cause, change.at);
        return get(id);
      })(),
    /** A change that is not a transition, kept in the deployment's history under its status. */
    recordChange: (id: string, status: DeploymentStatus, cause: string, at: string): void =>
      record(id, status, status, cause, at),
    transitions: (id: string, limit = 200): TransitionRecord[] =>
      db
        .prepare<[string, number], TransitionRow>(
          'SELECT * FROM deployment_transitions WHERE deployment_id = ? ORDER BY id DESC LIMIT ?',
        )
        .all(id, limit)
        .map(toTransition),
  };
}

/** Deployments (migration 004), as domain objects. */
function createDeploymentStore(db: Database, log: ReturnType<typeof createTransitionLog>) {
  const select = selectDeployments(db);
  const get = (id: string): Deployment | undefined => select('id = ?', id)[0];
  const insert = db.prepare(
    `INSERT INTO deployments (id, name, node_id, template_id, template_name, template_version, customer_id, status, exposure,
       price_monthly_cents, price_override_cents, created_at, updated_at)
     VALUES (@id, @name, @nodeId, @templateId, @templateName, @templateVersion, @customerId, 'pending', @exposure,
       @priceMonthlyCents, @priceOverrideCents, @createdAt, @createdAt)`,
  );

  return {
    get,
    list: () => select(`${ALIVE} ORDER BY created_at DESC`),
    listByStatus: (statuses: readonly DeploymentStatus[]) =>
      select(`status IN (${statuses.map(() => '?').join(',')})`, ...statuses),
    listOnNode: (nodeId: string) => select(`node_id = ? AND ${ALIVE}`, nodeId),
    findByName: (nodeId: string, name: string): Deployment | undefined =>
      select(`node_id = ? AND name = ? AND ${ALIVE}`, nodeId, name)[0],
    create(deployment: NewDeployment, cause: string): Deployment {
      db.transaction(() => {
        insert.run(deployment);
        log.record(deployment.id, null, 'pending', cause, deployment.createdAt);
      })();
      const created = get(deployment.id);
      if (!created) throw new Error(`deployment ${deployment.id} vanished after insert`);
      return created;
    },
    update(id: string, change: DeploymentChange, at: string): void {
      const keys = Object.keys(change) as (keyof DeploymentChange)[];
      if (keys.length === 0) return;
      db.prepare(
        `UPDATE deployments SET ${keys.map((k) => `${changeColumns[k]} = @${k}`).join(', ')}, updated_at = @at WHERE id = @id`,
      ).run({ ...change, id, at });
    },
  };
}

/** Everything the deployments feature keeps in the database, as domain objects; rows stay in here. */
export function createDeploymentRepository(db: Database) {
  const log = createTransitionLog(db);
  return {
    /** Runs `work` as one transaction: a crash leaves all of its writes or none. */
    atomically: <T>(work: () => T): T => db.transaction(work)(),
    ...createDeploymentStore(db, log),
    transition: log.transition,
    recordChange: log.recordChange,
    transitions: log.transitions,
    ...createRevisionStore(db),
    ...createAllocationStore(db),
  };
}

export type DeploymentRepository = ReturnType<typeof createDeploymentRepository>;
