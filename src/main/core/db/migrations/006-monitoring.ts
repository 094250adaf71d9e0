import type { Migration } from './index';

/** Stat columns shared by every tier, so one query reads any of them. */
const statColumns = `
  cpu REAL, mem REAL, mem_limit REAL,
  net_rx REAL, net_tx REAL, blk_read REAL, blk_write REAL,
  pids REAL, disk_used REAL, disk_total REAL`;

const containerTables = `
      -- Each container of ours as last seen, with where its log collection stands. Kept after the
      -- node goes away (screens answer from it) and after removal until retention drops it.
      CREATE TABLE monitoring_containers (
        container_id TEXT PRIMARY KEY,
        node_id TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        service TEXT NOT NULL,
        name TEXT NOT NULL,
        is_tty INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL,
        health TEXT NOT NULL DEFAULT 'none',
        restart_count INTEGER NOT NULL DEFAULT 0,
        exit_code INTEGER,
        started_at TEXT,
        finished_at TEXT,
        is_removed INTEGER NOT NULL DEFAULT 0,
        -- Docker's timestamp (RFC 3339, nanoseconds) of the newest log line stored: the next read
        -- starts a little before it and skips what the store already holds.
        log_cursor TEXT,
        latest_stats TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX monitoring_containers_deployment ON monitoring_containers (deployment_id);
      CREATE INDEX monitoring_containers_node ON monitoring_containers (node_id);

      CREATE TABLE monitoring_nodes (
        node_id TEXT PRIMARY KEY,
        -- The node's event stream resumes after this Docker timeNano (nanoseconds, as text).
        event_cursor TEXT,
        last_seen_at TEXT,
        latest_stats TEXT
      );
`;

const logTables = `
      CREATE TABLE log_lines (
        id INTEGER PRIMARY KEY,
        deployment_id TEXT NOT NULL,
        service TEXT NOT NULL,
        container_id TEXT NOT NULL,
        stream INTEGER NOT NULL CHECK (stream IN (1, 2)),
        at_us INTEGER NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX log_lines_order ON log_lines (deployment_id, at_us, id);
      -- Contentless: the text lives once, in log_lines; rows are deleted by rowid with it.
      CREATE VIRTUAL TABLE log_search USING fts5 (text, content = '', contentless_delete = 1);
      -- Kept in step with log_lines, so caps are checked without scanning it.
      CREATE TABLE log_usage (
        deployment_id TEXT PRIMARY KEY,
        lines INTEGER NOT NULL,
        bytes INTEGER NOT NULL
      );
`;

const metricTables = `
      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        node_id TEXT NOT NULL,
        -- '' for the node's own series.
        deployment_id TEXT NOT NULL,
        service TEXT NOT NULL,
        UNIQUE (node_id, deployment_id, service)
      );
      CREATE INDEX metric_series_deployment ON metric_series (deployment_id);
      CREATE TABLE metric_raw (series_id INTEGER NOT NULL, at INTEGER NOT NULL, ${statColumns},
        PRIMARY KEY (series_id, at)) WITHOUT ROWID;
      CREATE TABLE metric_minute (series_id INTEGER NOT NULL, at INTEGER NOT NULL, samples INTEGER NOT NULL, ${statColumns},
        PRIMARY KEY (series_id, at)) WITHOUT ROWID;
      CREATE TABLE metric_hour (series_id INTEGER NOT NULL, at INTEGER NOT NULL, samples INTEGER NOT NULL, ${statColumns},
        PRIMARY KEY (series_id, at)) WITHOUT ROWID;
      CREATE INDEX metric_raw_at ON metric_raw (at);
      CREATE INDEX metric_minute_at ON metric_minute (at);
      CREATE INDEX metric_hour_at ON metric_hour (at);
`;

const eventTables = `
      CREATE TABLE monitoring_events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        node_id TEXT NOT NULL,
        deployment_id TEXT,
        service TEXT,
        container_id TEXT,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        exit_code INTEGER,
        source TEXT NOT NULL,
        -- Unplanned container deaths this event stands for (a reconnect may find several at once).
        crashes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX monitoring_events_deployment ON monitoring_events (deployment_id, at);
      CREATE INDEX monitoring_events_node ON monitoring_events (node_id, at);
      CREATE INDEX monitoring_events_at ON monitoring_events (at);
`;

const alertTables = `
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        node_id TEXT NOT NULL,
        deployment_id TEXT,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        resolved_at TEXT,
        dismissed_at TEXT
      );
      CREATE INDEX alerts_open ON alerts (resolved_at, deployment_id);
`;

const stateTables = `
      -- Watermarks of the rollup worker.
      CREATE TABLE monitoring_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `;

export const monitoring: Migration = {
  version: 6,
  name: 'monitoring',
  up: (db) => {
    // The parts join into the very text databases already ran, whitespace included.
    db.exec(containerTables + logTables + metricTables + eventTables + alertTables + stateTables);
  },
};
