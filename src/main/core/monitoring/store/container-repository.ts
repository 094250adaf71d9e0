import type { ContainerState } from '@shared/contract/monitoring';
import type { Database } from '../../db/database';

export interface ContainerSnapshot {
  containerId: string;
  nodeId: string;
  deploymentId: string;
  service: string;
  name: string;
  isTty: boolean;
  state: string;
  health: ContainerState['health'];
  restartCount: number;
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  isRemoved: boolean;
  /** Docker's timestamp of the newest log line stored. */
  logCursor: string | null;
}

interface Row {
  container_id: string;
  node_id: string;
  deployment_id: string;
  service: string;
  name: string;
  is_tty: number;
  state: string;
  health: ContainerState['health'];
  restart_count: number;
  exit_code: number | null;
  started_at: string | null;
  finished_at: string | null;
  is_removed: number;
  log_cursor: string | null;
  latest_stats: string | null;
  updated_at: string;
}

const toSnapshot = (row: Row): ContainerSnapshot => ({
  containerId: row.container_id,
  nodeId: row.node_id,
  deploymentId: row.deployment_id,
  service: row.service,
  name: row.name,
  isTty: row.is_tty === 1,
  state: row.state,
  health: row.health,
  restartCount: row.restart_count,
  exitCode: row.exit_code,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  isRemoved: row.is_removed === 1,
  logCursor: row.log_cursor,
});

export const toContainerState = (snapshot: ContainerSnapshot, updatedAt: string): ContainerState => ({
  containerId: snapshot.containerId.slice(0, 12),
  service: snapshot.service,
  name: snapshot.name,
  state: snapshot.state,
  health: snapshot.health,
  restartCount: snapshot.restartCount,
  exitCode: snapshot.exitCode,
  startedAt: snapshot.startedAt,
  finishedAt: snapshot.finishedAt,
  updatedAt,
});

function ofDeployment(db: Database, deploymentId: string, withRemoved: boolean) {
  const rows = db
    .prepare(
      `SELECT * FROM monitoring_containers WHERE deployment_id = ?${withRemoved ? '' : ' AND is_removed = 0'} ORDER BY service, started_at`,
    )
    .all(deploymentId) as Row[];
  return rows.map((row) => ({
    snapshot: toSnapshot(row),
    updatedAt: row.updated_at,
    latestStats: row.latest_stats,
  }));
}

/** Containers as last seen, with their log cursors and latest stats. */
function createContainerStore(db: Database) {
  const upsert = db.prepare(
    `INSERT INTO monitoring_containers (container_id, node_id, deployment_id, service, name, is_tty, state, health, restart_count, exit_code, started_at, finished_at, is_removed, updated_at)
     VALUES (@containerId, @nodeId, @deploymentId, @service, @name, @isTty, @state, @health, @restartCount, @exitCode, @startedAt, @finishedAt, @isRemoved, @updatedAt)
     ON CONFLICT (container_id) DO UPDATE SET name = excluded.name, is_tty = excluded.is_tty, state = excluded.state, health = excluded.health,
       restart_count = excluded.restart_count, exit_code = excluded.exit_code, started_at = excluded.started_at, finished_at = excluded.finished_at,
       is_removed = excluded.is_removed, updated_at = excluded.updated_at`,
  );

  return {
    save(snapshot: ContainerSnapshot, at: string) {
      upsert.run({
        ...snapshot,
        isTty: snapshot.isTty ? 1 : 0,
        isRemoved: snapshot.isRemoved ? 1 : 0,
        updatedAt: at,
      });
    },
    get(containerId: string): ContainerSnapshot | null {
      const row = db
        .prepare('SELECT * FROM monitoring_containers WHERE container_id = ?')
        .get(containerId) as Row | undefined;
      return row ? toSnapshot(row) : null;
    },
    onNode: (nodeId: string): ContainerSnapshot[] =>
      (
        db
          .prepare('SELECT * FROM monitoring_containers WHERE node_id = ? AND is_removed = 0')
          .all(nodeId) as Row[]
      ).map(toSnapshot),
    /** The deployment's current containers (removed ones only when `withRemoved`), with when each was last updated. */
    ofDeployment: (deploymentId: string, withRemoved = false) => ofDeployment(db, deploymentId, withRemoved),
    setCursor(containerId: string, cursor: string) {
      db.prepare('UPDATE monitoring_containers SET log_cursor = ? WHERE container_id = ?').run(
        cursor,
        containerId,
      );
    },
    setLatestStats(containerId: string, json: string) {
      db.prepare('UPDATE monitoring_containers SET latest_stats = ? WHERE container_id = ?').run(
        json,
        containerId,
      );
    },
    /** Forgets removed containers not touched since `before` (their logs and stats are kept by their own limits). */
    prune: (before: string) =>
      db.prepare('DELETE FROM monitoring_containers WHERE is_removed = 1 AND updated_at < ?').run(before)
        .changes,
    clear: (deploymentId: string) =>
      db
        .prepare('UPDATE monitoring_containers SET latest_stats = NULL WHERE deployment_id = ?')
        .run(deploymentId),
  };
}

/** "Last seen" is written at most this often per node. */
export const SEEN_PRECISION_MS = 5000;

/** Per node: the event cursor, when it was last seen and its latest stats. */
function createNodeStore(db: Database) {
  const ensureNode = db.prepare(
    'INSERT INTO monitoring_nodes (node_id) VALUES (?) ON CONFLICT (node_id) DO NOTHING',
  );
  const updateSeen = db.prepare('UPDATE monitoring_nodes SET last_seen_at = ? WHERE node_id = ?');
  const seenWritten = new Map<string, number>();
  return {
    node(nodeId: string): {
      eventCursor: string | null;
      lastSeenAt: string | null;
      latestStats: string | null;
    } {
      const row = db
        .prepare('SELECT event_cursor, last_seen_at, latest_stats FROM monitoring_nodes WHERE node_id = ?')
        .get(nodeId) as
        { event_cursor: string | null; last_seen_at: string | null; latest_stats: string | null } | undefined;
      return {
        eventCursor: row?.event_cursor ?? null,
        lastSeenAt: row?.last_seen_at ?? null,
        latestStats: row?.latest_stats ?? null,
      };
    },
    setEventCursor(nodeId: string, cursor: string) {
      ensureNode.run(nodeId);
      db.prepare('UPDATE monitoring_nodes SET event_cursor = ? WHERE node_id = ?').run(cursor, nodeId);
    },
    /**
     * When the node last answered. The event stream says so with every chunk, so a write is made
     * only when the stored time is older than `SEEN_PRECISION_MS`: "last seen" needs no finer grain.
     */
    markSeen(nodeId: string, at: string) {
      const written = seenWritten.get(nodeId);
      const atMs = Date.parse(at);
      if (written !== undefined && atMs >= written && atMs - written < SEEN_PRECISION_MS) return;
      ensureNode.run(nodeId);
      updateSeen.run(at, nodeId);
      seenWritten.set(nodeId, atMs);
    },
    setNodeStats(nodeId: string, json: string) {
      ensureNode.run(nodeId);
      db.prepare('UPDATE monitoring_nodes SET latest_stats = ? WHERE node_id = ?').run(json, nodeId);
    },
  };
}

/** Containers as last seen and per-node cursors: what lets every screen answer with the node gone. */
export function createContainerRepository(db: Database) {
  return { ...createContainerStore(db), ...createNodeStore(db) };
}

export type ContainerRepository = ReturnType<typeof createContainerRepository>;
