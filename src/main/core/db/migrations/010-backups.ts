import type { Migration } from './index';

/**
 * Backups: each deployment's schedule and retention, the history of its backups (a restic snapshot
 * per volume or dump, listed in `items` as JSON), and the one repository they go to. History rows
 * outlive their deployment: a deleted app's data can still be brought back onto a node.
 */
export const backups: Migration = {
  version: 10,
  name: 'backups',
  up: (db) => {
    db.exec(`
      CREATE TABLE backup_policies (
        deployment_id TEXT PRIMARY KEY,
        schedule TEXT NOT NULL CHECK (schedule IN ('off', 'daily', 'weekly', 'cron')),
        cron TEXT NOT NULL DEFAULT '',
        copy_mode TEXT NOT NULL CHECK (copy_mode IN ('stopped', 'live')),
        keep_last INTEGER NOT NULL,
        keep_daily INTEGER NOT NULL,
        keep_weekly INTEGER NOT NULL,
        keep_monthly INTEGER NOT NULL,
        next_run_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE backup_runs (
        id TEXT PRIMARY KEY,
        deployment_id TEXT NOT NULL,
        deployment_name TEXT NOT NULL,
        node_id TEXT NOT NULL,
        template_version TEXT NOT NULL,
        trigger TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        copy_mode TEXT NOT NULL,
        items TEXT NOT NULL DEFAULT '[]',
        bytes INTEGER NOT NULL DEFAULT 0,
        added_bytes INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        error TEXT,
        job_id TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX backup_runs_deployment ON backup_runs (deployment_id, started_at);
      CREATE TABLE backup_repository (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        location TEXT NOT NULL DEFAULT '',
        last_check_at TEXT,
        last_check_ok INTEGER,
        last_check_message TEXT
      );
      INSERT INTO backup_repository (id) VALUES (1);
    `);
  },
};
