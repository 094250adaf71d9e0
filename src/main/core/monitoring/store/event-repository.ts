import type { Alert, MonitoringEvent } from '@shared/contract/monitoring';
import type { Database } from '../../db/database';

export type NewEvent = Omit<MonitoringEvent, 'id'> & { crashes?: number };
export type NewAlert = Pick<Alert, 'kind' | 'severity' | 'nodeId' | 'deploymentId' | 'title' | 'message'>;

interface EventRow {
  id: number;
  at: string;
  node_id: string;
  deployment_id: string | null;
  service: string | null;
  container_id: string | null;
  kind: MonitoringEvent['kind'];
  severity: MonitoringEvent['severity'];
  message: string;
  exit_code: number | null;
  source: MonitoringEvent['source'];
}

interface AlertRow {
  id: number;
  kind: Alert['kind'];
  severity: Alert['severity'];
  node_id: string;
  deployment_id: string | null;
  title: string;
  message: string;
  raised_at: string;
  resolved_at: string | null;
  dismissed_at: string | null;
}

const toEvent = (row: EventRow): MonitoringEvent => ({
  id: row.id,
  at: row.at,
  nodeId: row.node_id,
  deploymentId: row.deployment_id,
  service: row.service,
  containerId: row.container_id,
  kind: row.kind,
  severity: row.severity,
  message: row.message,
  exitCode: row.exit_code,
  source: row.source,
});

const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  kind: row.kind,
  severity: row.severity,
  nodeId: row.node_id,
  deploymentId: row.deployment_id,
  title: row.title,
  message: row.message,
  raisedAt: row.raised_at,
  resolvedAt: row.resolved_at,
  dismissedAt: row.dismissed_at,
});

/** Newest first: the deployment's own events and those of its node (offline, back online) since it exists. */
function listEvents(
  db: Database,
  deploymentId: string,
  nodeId: string | null,
  since: string,
  limit: number,
  beforeId: number | undefined,
) {
  const before = beforeId ?? Number.MAX_SAFE_INTEGER;
  const rows = db
    .prepare(
      `SELECT * FROM monitoring_events
       WHERE id < ? AND (deployment_id = ? OR (deployment_id IS NULL AND node_id = ? AND at >= ?))
       ORDER BY at DESC, id DESC LIMIT ?`,
    )
    .all(before, deploymentId, nodeId ?? '', since, limit + 1) as EventRow[];
  return { events: rows.slice(0, limit).map(toEvent), hasMore: rows.length > limit };
}

/** Resolves the open alerts matching; returns them as resolved. */
function resolveAlerts(
  db: Database,
  match: { kinds: Alert['kind'][]; nodeId?: string; deploymentId?: string },
  at: string,
): Alert[] {
  const clauses = [`kind IN (${match.kinds.map(() => '?').join(', ')})`, 'resolved_at IS NULL'];
  const params: string[] = [...match.kinds];
  if (match.nodeId !== undefined) {
    clauses.push('node_id = ?');
    params.push(match.nodeId);
  }
  if (match.deploymentId !== undefined) {
    clauses.push('deployment_id = ?');
    params.push(match.deploymentId);
  }
  const rows = db.prepare(`SELECT * FROM alerts WHERE ${clauses.join(' AND ')}`).all(...params) as AlertRow[];
  const update = db.prepare('UPDATE alerts SET resolved_at = ? WHERE id = ?');
  for (const row of rows) update.run(at, row.id);
  return rows.map((row) => toAlert({ ...row, resolved_at: at }));
}

/** The event log: what happened to deployments and nodes, and the counts health judges by. */
function createEventLog(db: Database) {
  const insertEvent = db.prepare(
    `INSERT INTO monitoring_events (at, node_id, deployment_id, service, container_id, kind, severity, message, exit_code, source, crashes)
     VALUES (@at, @nodeId, @deploymentId, @service, @containerId, @kind, @severity, @message, @exitCode, @source, @crashes)`,
  );
  return {
    record: db.transaction((events: NewEvent[]) => {
      for (const event of events) insertEvent.run({ ...event, crashes: event.crashes ?? 0 });
    }),

    list: (
      deploymentId: string,
      nodeId: string | null,
      since: string,
      limit: number,
      beforeId: number | undefined,
    ) => listEvents(db, deploymentId, nodeId, since, limit, beforeId),

    /** Unplanned deaths of the deployment's containers since `since`. */
    crashesSince: (deploymentId: string, since: string): number =>
      (
        db
          .prepare(
            'SELECT coalesce(sum(crashes), 0) AS n FROM monitoring_events WHERE deployment_id = ? AND at >= ?',
          )
          .get(deploymentId, since) as { n: number }
      ).n,

    /** When the deployment last finished an operation (deploy, start, restart, update): crashes before it are history. */
    settledAt: (deploymentId: string): string | null =>
      (
        db
          .prepare(
            "SELECT max(at) AS at FROM monitoring_events WHERE deployment_id = ? AND kind = 'lifecycle'",
          )
          .get(deploymentId) as { at: string | null }
      ).at,

    /** The deployment's most recent death with an exit code, since `since`. */
    lastExit(deploymentId: string, since: string): { service: string; exitCode: number } | null {
      const row = db
        .prepare(
          "SELECT service, exit_code FROM monitoring_events WHERE deployment_id = ? AND at >= ? AND kind IN ('die', 'restart') AND exit_code IS NOT NULL AND service IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1",
        )
        .get(deploymentId, since) as { service: string; exit_code: number } | undefined;
      return row ? { service: row.service, exitCode: row.exit_code } : null;
    },

    countOf: (deploymentId: string): number =>
      (
        db
          .prepare('SELECT count(*) AS n FROM monitoring_events WHERE deployment_id = ?')
          .get(deploymentId) as { n: number }
      ).n,
  };
}

/** Alerts: raised once while open, resolved when the cause is gone, dismissed by the user. */
function createAlertStore(db: Database) {
  const alertById = db.prepare('SELECT * FROM alerts WHERE id = ?');
  return {
    raise(alert: NewAlert, at: string): { alert: Alert; isNew: boolean } {
      const open = db
        .prepare(
          'SELECT * FROM alerts WHERE kind = ? AND node_id = ? AND deployment_id IS ? AND resolved_at IS NULL',
        )
        .get(alert.kind, alert.nodeId, alert.deploymentId) as AlertRow | undefined;
      if (open) return { alert: toAlert(open), isNew: false };
      const { lastInsertRowid } = db
        .prepare(
          'INSERT INTO alerts (kind, severity, node_id, deployment_id, title, message, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(alert.kind, alert.severity, alert.nodeId, alert.deploymentId, alert.title, alert.message, at);
      return { alert: toAlert(alertById.get(lastInsertRowid) as AlertRow), isNew: true };
    },

    resolve: (match: { kinds: Alert['kind'][]; nodeId?: string; deploymentId?: string }, at: string) =>
      resolveAlerts(db, match, at),

    dismiss(id: number, at: string): Alert | null {
      db.prepare('UPDATE alerts SET dismissed_at = coalesce(dismissed_at, ?) WHERE id = ?').run(at, id);
      const row = alertById.get(id) as AlertRow | undefined;
      return row ? toAlert(row) : null;
    },

    alerts(options: { includeResolved: boolean; limit: number; deploymentId?: string }): Alert[] {
      const clauses = options.includeResolved ? ['1 = 1'] : ['resolved_at IS NULL', 'dismissed_at IS NULL'];
      const params: (string | number)[] = [];
      if (options.deploymentId !== undefined) {
        clauses.push('deployment_id = ?');
        params.push(options.deploymentId);
      }
      const rows = db
        .prepare(
          `SELECT * FROM alerts WHERE ${clauses.join(' AND ')} ORDER BY raised_at DESC, id DESC LIMIT ?`,
        )
        .all(...params, options.limit) as AlertRow[];
      return rows.map(toAlert);
    },
  };
}

export function createEventRepository(db: Database) {
  return {
    ...createEventLog(db),
    ...createAlertStore(db),

    prune: db.transaction((before: string) => {
      const events = db.prepare('DELETE FROM monitoring_events WHERE at < ?').run(before).changes;
      const alerts = db
        .prepare('DELETE FROM alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?')
        .run(before).changes;
      return events + alerts;
    }),

    clear: db.transaction((deploymentId: string) => {
      db.prepare('DELETE FROM monitoring_events WHERE deployment_id = ?').run(deploymentId);
      db.prepare('DELETE FROM alerts WHERE deployment_id = ?').run(deploymentId);
    }),
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
