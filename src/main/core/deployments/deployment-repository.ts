import type { DeploymentStatus, Exposure } from '@shared/contract/deployment-model';
import type { Database } from '../db/database';

export interface DeploymentRow {
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

export interface TransitionRow {
  id: number;
  deployment_id: string;
  from_status: DeploymentStatus | null;
  to_status: DeploymentStatus;
  cause: string;
  at: string;
}

export interface RevisionRow {
  deployment_id: string;
  revision: number;
  template_version: string;
  manifest: string;
  compose: string;
  variables: string;
  secret_names: string;
  image_digests: string;
  status: 'pending' | 'active' | 'superseded' | 'failed';
  created_at: string;
  /** JSON array of the safety-policy finding keys the user accepted for this revision. */
  accepted_findings: string;
}

export interface PortAllocationRow {
  node_id: string;
  host_port: number;
  deployment_id: string;
  service: string;
  container_port: number;
  protocol: string;
}

export type NewDeployment = Omit<DeploymentRow, 'status' | 'current_revision' | 'error' | 'updated_at'>;

export function createDeploymentRepository(db: Database) {
  const byId = db.prepare<[string], DeploymentRow>('SELECT * FROM deployments WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO deployments (id, name, node_id, template_id, template_name, template_version, customer_id, status, exposure,
       price_monthly_cents, price_override_cents, created_at, updated_at)
     VALUES (@id, @name, @node_id, @template_id, @template_name, @template_version, @customer_id, 'pending', @exposure,
       @price_monthly_cents, @price_override_cents, @created_at, @created_at)`,
  );
  const insertTransition = db.prepare(
    'INSERT INTO deployment_transitions (deployment_id, from_status, to_status, cause, at) VALUES (?, ?, ?, ?, ?)',
  );
  // Compare-and-swap: the update lands only if the row is still in the state the caller saw.
  const swap = db.prepare(
    `UPDATE deployments SET status = @to, error = @error, updated_at = @at WHERE id = @id AND status = @from`,
  );

  return {
    get: (id: string): DeploymentRow | undefined => byId.get(id),
    list: (): DeploymentRow[] =>
      db
        .prepare<[], DeploymentRow>(
          "SELECT * FROM deployments WHERE status != 'deleted' ORDER BY created_at DESC",
        )
        .all(),
    listByStatus: (statuses: readonly DeploymentStatus[]): DeploymentRow[] =>
      db
        .prepare<string[], DeploymentRow>(
          `SELECT * FROM deployments WHERE status IN (${statuses.map(() => '?').join(',')})`,
        )
        .all(...statuses),
    listOnNode: (nodeId: string): DeploymentRow[] =>
      db
        .prepare<[string], DeploymentRow>(
          "SELECT * FROM deployments WHERE node_id = ? AND status != 'deleted'",
        )
        .all(nodeId),
    findByName: (nodeId: string, name: string): DeploymentRow | undefined =>
      db
        .prepare<[string, string], DeploymentRow>(
          "SELECT * FROM deployments WHERE node_id = ? AND name = ? AND status != 'deleted'",
        )
        .get(nodeId, name),

    create(row: NewDeployment, cause: string): DeploymentRow {
      db.transaction(() => {
        insert.run(row);
        insertTransition.run(row.id, null, 'pending', cause, row.created_at);
      })();
      const created = byId.get(row.id);
      if (!created) throw new Error(`deployment ${row.id} vanished after insert`);
      return created;
    },

    /** Returns the updated row, or undefined when the deployment was no longer in `from`. */
    transition(
      id: string,
      from: DeploymentStatus,
      to: DeploymentStatus,
      cause: string,
      at: string,
      error: string | null = null,
    ): DeploymentRow | undefined {
      return db.transaction(() => {
        const changed = swap.run({ id, from, to, error, at }).changes;
        if (changed === 0) return undefined;
        insertTransition.run(id, from, to, cause, at);
        return byId.get(id);
      })();
    },

    recordChange(id: string, status: DeploymentStatus, cause: string, at: string): void {
      insertTransition.run(id, status, status, cause, at);
    },

    update(
      id: string,
      fields: Partial<
        Pick<
          DeploymentRow,
          | 'customer_id'
          | 'price_override_cents'
          | 'current_revision'
          | 'template_version'
          | 'price_monthly_cents'
          | 'error'
        >
      >,
      at: string,
    ): void {
      const keys = Object.keys(fields) as (keyof typeof fields)[];
      if (keys.length === 0) return;
      db.prepare(
        `UPDATE deployments SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @at WHERE id = @id`,
      ).run({ ...fields, id, at });
    },

    transitions: (id: string, limit = 200): TransitionRow[] =>
      db
        .prepare<[string, number], TransitionRow>(
          'SELECT * FROM deployment_transitions WHERE deployment_id = ? ORDER BY id DESC LIMIT ?',
        )
        .all(id, limit),

    addRevision(row: RevisionRow): void {
      db.prepare(
        `INSERT INTO deployment_revisions (deployment_id, revision, template_version, manifest, compose, variables, secret_names, image_digests, status, created_at, accepted_findings)
         VALUES (@deployment_id, @revision, @template_version, @manifest, @compose, @variables, @secret_names, @image_digests, @status, @created_at, @accepted_findings)`,
      ).run(row);
    },
    setRevisionStatus(
      id: string,
      revision: number,
      status: RevisionRow['status'],
      imageDigests?: Record<string, string>,
    ): void {
      db.prepare(
        'UPDATE deployment_revisions SET status = ?, image_digests = COALESCE(?, image_digests) WHERE deployment_id = ? AND revision = ?',
      ).run(status, imageDigests ? JSON.stringify(imageDigests) : null, id, revision);
    },
    setAcceptedFindings(id: string, revision: number, keys: readonly string[]): void {
      db.prepare(
        'UPDATE deployment_revisions SET accepted_findings = ? WHERE deployment_id = ? AND revision = ?',
      ).run(JSON.stringify([...keys].sort()), id, revision);
    },
    revisions: (id: string): RevisionRow[] =>
      db
        .prepare<[string], RevisionRow>(
          'SELECT * FROM deployment_revisions WHERE deployment_id = ? ORDER BY revision DESC',
        )
        .all(id),
    revision: (id: string, revision: number): RevisionRow | undefined =>
      db
        .prepare<[string, number], RevisionRow>(
          'SELECT * FROM deployment_revisions WHERE deployment_id = ? AND revision = ?',
        )
        .get(id, revision),

    portsOf: (id: string): PortAllocationRow[] =>
      db
        .prepare<[string], PortAllocationRow>(
          'SELECT * FROM port_allocations WHERE deployment_id = ? ORDER BY host_port',
        )
        .all(id),
    portsOnNode: (nodeId: string): PortAllocationRow[] =>
      db.prepare<[string], PortAllocationRow>('SELECT * FROM port_allocations WHERE node_id = ?').all(nodeId),
    replacePorts(id: string, rows: PortAllocationRow[]): void {
      db.transaction(() => {
        db.prepare('DELETE FROM port_allocations WHERE deployment_id = ?').run(id);
        const add = db.prepare(
          'INSERT INTO port_allocations (node_id, host_port, deployment_id, service, container_port, protocol) VALUES (@node_id, @host_port, @deployment_id, @service, @container_port, @protocol)',
        );
        for (const row of rows) add.run(row);
      })();
    },
    releasePorts: (id: string): void =>
      void db.prepare('DELETE FROM port_allocations WHERE deployment_id = ?').run(id),
  };
}

export type DeploymentRepository = ReturnType<typeof createDeploymentRepository>;
