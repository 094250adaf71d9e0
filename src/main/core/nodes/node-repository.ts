import type { Node, NodeEvent, NodeResources, NodeStatus } from '@shared/contract/nodes';
import type { AppErrorData } from '@shared/result';
import type { Database } from '../db/database';

interface NodeRow {
  id: string;
  name: string;
  kind: Node['kind'];
  host: string;
  port: number;
  username: string;
  auth: Node['auth'];
  key_id: string | null;
  jump_node_id: string | null;
  docker_socket: string;
  tags: string;
  monthly_cost_cents: number;
  host_key_fingerprint: string | null;
  is_maintenance: number;
  status: NodeStatus;
  last_seen_at: string | null;
  last_checked_at: string | null;
  latency_ms: number | null;
  last_error: string | null;
  resources: string | null;
  created_at: string;
  updated_at: string;
}

interface EventRow {
  id: number;
  node_id: string;
  at: string;
  from_status: NodeStatus | null;
  to_status: NodeStatus;
  message: string | null;
}

/** Known from an earlier run and not checked since `startedAt`: its connection is still being made. */
const isConnecting = (row: NodeRow, startedAt: string | undefined) =>
  startedAt !== undefined && row.is_maintenance === 0 && row.last_checked_at !== null && row.last_checked_at < startedAt;

const toNode = (row: NodeRow, startedAt?: string): Node => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  host: row.host,
  port: row.port,
  user: row.username,
  auth: row.auth,
  keyId: row.key_id,
  jumpNodeId: row.jump_node_id,
  dockerSocket: row.docker_socket,
  tags: JSON.parse(row.tags) as string[],
  monthlyCostCents: row.monthly_cost_cents,
  hostKeyFingerprint: row.host_key_fingerprint,
  isMaintenance: row.is_maintenance === 1,
  status: row.status,
  lastSeenAt: row.last_seen_at,
  lastCheckedAt: row.last_checked_at,
  latencyMs: row.latency_ms,
  lastError: row.last_error ? (JSON.parse(row.last_error) as AppErrorData) : null,
  resources: row.resources ? (JSON.parse(row.resources) as NodeResources) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(isConnecting(row, startedAt) ? { isConnecting: true } : {}),
});

const toEvent = (row: EventRow): NodeEvent => ({
  id: row.id,
  nodeId: row.node_id,
  at: row.at,
  from: row.from_status,
  to: row.to_status,
  message: row.message,
});

export type NodeDefinition = Pick<
  Node,
  | 'name'
  | 'kind'
  | 'host'
  | 'port'
  | 'user'
  | 'auth'
  | 'keyId'
  | 'jumpNodeId'
  | 'dockerSocket'
  | 'tags'
  | 'monthlyCostCents'
  | 'hostKeyFingerprint'
>;

export interface HealthRecord {
  status: NodeStatus;
  checkedAt: string;
  lastSeenAt: string | null;
  latencyMs: number | null;
  lastError: AppErrorData | null;
  resources: NodeResources | null;
}

/** `startedAt`: when this run of the app began, for `isConnecting`; left out, no node is marked. */
export function createNodeRepository(db: Database, startedAt?: string) {
  const sql = prepareNodeStatements(db);

  return {
    /** Runs `work` as one transaction: one commit, one fsync. */
    inTransaction: <T>(work: () => T): T => db.transaction(work)(),
    list: () => sql.selectAll.all().map((row) => toNode(row, startedAt)),
    get: (id: string) => {
      const row = sql.selectOne.get(id);
      return row ? toNode(row, startedAt) : null;
    },
    insert: (id: string, definition: NodeDefinition, now: string) =>
      sql.insert.run(columnsOf(id, definition, now)),
    update: (id: string, definition: NodeDefinition, now: string) =>
      sql.update.run(columnsOf(id, definition, now)),
    /** Writes a check's outcome; returns the status-change event when the status changed. */
    recordHealth: db.transaction((id: string, record: HealthRecord): NodeEvent | null => {
      const before = sql.selectOne.get(id);
      if (!before) return null;
      sql.recordHealth.run({
        id,
        status: record.status,
        checked_at: record.checkedAt,
        last_seen_at: record.lastSeenAt,
        latency_ms: record.latencyMs,
        last_error: record.lastError ? JSON.stringify(record.lastError) : null,
        resources: record.resources ? JSON.stringify(record.resources) : null,
      });
      return changeStatus(
        sql,
        id,
        before.status,
        record.status,
        record.lastError?.message ?? null,
        record.checkedAt,
      );
    }),
    setMaintenance: db.transaction((id: string, isMaintenance: boolean, now: string): NodeEvent | null => {
      const before = sql.selectOne.get(id);
      if (!before) return null;
      const status: NodeStatus = isMaintenance ? 'maintenance' : 'unknown';
      sql.setMaintenance.run(isMaintenance ? 1 : 0, status, now, id);
      return changeStatus(
        sql,
        id,
        before.status,
        status,
        isMaintenance ? 'Put in maintenance by the user.' : 'Maintenance ended; checking the node.',
        now,
      );
    }),
    remove: (id: string) => sql.remove.run(id),
    events: (id: string, limit: number) => sql.selectEvents.all(id, limit).map(toEvent),
    jumpUsers: (id: string) => sql.jumpUsers.all(id),
    flag: (name: string) => sql.getFlag.get(name)?.value ?? null,
    setFlag: (name: string, value: string) => sql.setFlag.run(name, value),
  };
}

export type NodeRepository = ReturnType<typeof createNodeRepository>;

function prepareNodeStatements(db: Database) {
  return {
    selectAll: db.prepare<[], NodeRow>(
      "SELECT * FROM nodes ORDER BY kind = 'local' DESC, name COLLATE NOCASE",
    ),
    selectOne: db.prepare<[string], NodeRow>('SELECT * FROM nodes WHERE id = ?'),
    insert: db.prepare(`
    INSERT INTO nodes (id, name, kind, host, port, username, auth, key_id, jump_node_id, docker_socket, tags, monthly_cost_cents,
                       host_key_fingerprint, created_at, updated_at)
    VALUES (@id, @name, @kind, @host, @port, @username, @auth, @key_id, @jump_node_id, @docker_socket, @tags, @monthly_cost_cents,
            @host_key_fingerprint, @now, @now)`),
    update: db.prepare(`
    UPDATE nodes SET name = @name, host = @host, port = @port, username = @username, auth = @auth, key_id = @key_id,
      jump_node_id = @jump_node_id, docker_socket = @docker_socket, tags = @tags, monthly_cost_cents = @monthly_cost_cents,
      host_key_fingerprint = @host_key_fingerprint, updated_at = @now WHERE id = @id`),
    recordHealth: db.prepare(`
    UPDATE nodes SET status = @status, last_checked_at = @checked_at, last_seen_at = COALESCE(@last_seen_at, last_seen_at),
      latency_ms = @latency_ms, last_error = @last_error, resources = COALESCE(@resources, resources) WHERE id = @id`),
    setMaintenance: db.prepare<[number, NodeStatus, string, string]>(
      'UPDATE nodes SET is_maintenance = ?, status = ?, updated_at = ? WHERE id = ?',
    ),
    remove: db.prepare<[string]>('DELETE FROM nodes WHERE id = ?'),
    insertEvent: db.prepare<[string, string, NodeStatus | null, NodeStatus, string | null]>(
      'INSERT INTO node_events (node_id, at, from_status, to_status, message) VALUES (?, ?, ?, ?, ?)',
    ),
    selectEvent: db.prepare<[number | bigint], EventRow>('SELECT * FROM node_events WHERE id = ?'),
    selectEvents: db.prepare<[string, number], EventRow>(
      'SELECT * FROM node_events WHERE node_id = ? ORDER BY id DESC LIMIT ?',
    ),
    jumpUsers: db.prepare<[string], { id: string; name: string }>(
      'SELECT id, name FROM nodes WHERE jump_node_id = ? ORDER BY name',
    ),
    getFlag: db.prepare<[string], { value: string }>('SELECT value FROM app_flags WHERE name = ?'),
    setFlag: db.prepare<[string, string]>(
      'INSERT INTO app_flags (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
    ),
  };
}

type NodeStatements = ReturnType<typeof prepareNodeStatements>;

function columnsOf(id: string, definition: NodeDefinition, now: string) {
  return {
    id,
    name: definition.name,
    kind: definition.kind,
    host: definition.host,
    port: definition.port,
    username: definition.user,
    auth: definition.auth,
    key_id: definition.keyId,
    jump_node_id: definition.jumpNodeId,
    docker_socket: definition.dockerSocket,
    tags: JSON.stringify(definition.tags),
    monthly_cost_cents: definition.monthlyCostCents,
    host_key_fingerprint: definition.hostKeyFingerprint,
    now,
  };
}

/** Stores a status change as an event, in the same transaction as the new status. */
function changeStatus(
  sql: NodeStatements,
  id: string,
  from: NodeStatus | null,
  to: NodeStatus,
  message: string | null,
  now: string,
): NodeEvent | null {
  if (from === to) return null;
  const result = sql.insertEvent.run(id, now, from, to, message);
  const row = sql.selectEvent.get(result.lastInsertRowid);
  return row ? toEvent(row) : null;
}
