import type {
  BackupItem,
  BackupPolicy,
  BackupRun,
  BackupRunStatus,
  CopyMode,
} from '@shared/contract/backups';
import type { Database } from '../db/database';

interface PolicyRow {
  deployment_id: string;
  schedule: BackupPolicy['schedule'];
  cron: string;
  copy_mode: CopyMode;
  keep_last: number;
  keep_daily: number;
  keep_weekly: number;
  keep_monthly: number;
  next_run_at: string | null;
}

interface RunRow {
  id: string;
  deployment_id: string;
  deployment_name: string;
  node_id: string;
  template_version: string;
  trigger: BackupRun['trigger'];
  status: BackupRunStatus;
  copy_mode: CopyMode;
  items: string;
  bytes: number;
  added_bytes: number;
  duration_ms: number | null;
  error: string | null;
  job_id: string | null;
  started_at: string;
  finished_at: string | null;
}

interface RepositoryRow {
  location: string;
  last_check_at: string | null;
  last_check_ok: number | null;
  last_check_message: string | null;
}

const toPolicy = (row: PolicyRow): BackupPolicy => ({
  deploymentId: row.deployment_id,
  schedule: row.schedule,
  cron: row.cron,
  copyMode: row.copy_mode,
  retention: {
    keepLast: row.keep_last,
    keepDaily: row.keep_daily,
    keepWeekly: row.keep_weekly,
    keepMonthly: row.keep_monthly,
  },
  nextRunAt: row.next_run_at,
});

const toRun = (row: RunRow): BackupRun => ({
  id: row.id,
  deploymentId: row.deployment_id,
  deploymentName: row.deployment_name,
  nodeId: row.node_id,
  templateVersion: row.template_version,
  trigger: row.trigger,
  status: row.status,
  copyMode: row.copy_mode,
  items: JSON.parse(row.items) as BackupItem[],
  bytes: row.bytes,
  addedBytes: row.added_bytes,
  durationMs: row.duration_ms,
  error: row.error,
  jobId: row.job_id,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

/** Each deployment's schedule and retention. */
function createPolicyStore(db: Database) {
  return {
    policy: (deploymentId: string): BackupPolicy | null => {
      const row = db.prepare<[string], PolicyRow>('SELECT * FROM backup_policies WHERE deployment_id = ?').get(deploymentId);
      return row ? toPolicy(row) : null;
    },
    policies: (): BackupPolicy[] =>
      db.prepare<[], PolicyRow>('SELECT * FROM backup_policies').all().map(toPolicy),
    savePolicy(policy: BackupPolicy, at: string): void {
      db.prepare(
        `INSERT INTO backup_policies (deployment_id, schedule, cron, copy_mode, keep_last, keep_daily, keep_weekly, keep_monthly, next_run_at, updated_at)
         VALUES (@deploymentId, @schedule, @cron, @copyMode, @keepLast, @keepDaily, @keepWeekly, @keepMonthly, @nextRunAt, @at)
         ON CONFLICT (deployment_id) DO UPDATE SET schedule = excluded.schedule, cron = excluded.cron,
           copy_mode = excluded.copy_mode, keep_last = excluded.keep_last, keep_daily = excluded.keep_daily,
           keep_weekly = excluded.keep_weekly, keep_monthly = excluded.keep_monthly,
           next_run_at = excluded.next_run_at, updated_at = excluded.updated_at`,
      ).run({ ...policy, ...policy.retention, at });
    },
    removePolicy: (deploymentId: string): void => {
      db.prepare('DELETE FROM backup_policies WHERE deployment_id = ?').run(deploymentId);
    },
  };
}

/** The history: one row per backup, its items as JSON. */
function createRunStore(db: Database) {
  const selectRun = db.prepare<[string], RunRow>('SELECT * FROM backup_runs WHERE id = ?');
  return {
    run: (id: string): BackupRun | null => {
      const row = selectRun.get(id);
      return row ? toRun(row) : null;
    },
    runs(filter: { deploymentId?: string | undefined; status?: BackupRunStatus; limit: number }): BackupRun[] {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.deploymentId !== undefined) {
        where.push('deployment_id = ?');
        params.push(filter.deploymentId);
      }
      if (filter.status !== undefined) {
        where.push('status = ?');
        params.push(filter.status);
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return db
        .prepare<(string | number)[], RunRow>(`SELECT * FROM backup_runs ${clause} ORDER BY started_at DESC, rowid DESC LIMIT ?`)
        .all(...params, filter.limit)
        .map(toRun);
    },
    lastSuccess: (deploymentId: string): BackupRun | null => {
      const row = db
        .prepare<[string], RunRow>(
          "SELECT * FROM backup_runs WHERE deployment_id = ? AND status = 'succeeded' ORDER BY started_at DESC LIMIT 1",
        )
        .get(deploymentId);
      return row ? toRun(row) : null;
    },
    insertRun(run: BackupRun): void {
      db.prepare(
        `INSERT INTO backup_runs (id, deployment_id, deployment_name, node_id, template_version, trigger, status, copy_mode, items, bytes, added_bytes, duration_ms, error, job_id, started_at, finished_at)
         VALUES (@id, @deploymentId, @deploymentName, @nodeId, @templateVersion, @trigger, @status, @copyMode, @items, @bytes, @addedBytes, @durationMs, @error, @jobId, @startedAt, @finishedAt)`,
      ).run({ ...run, items: JSON.stringify(run.items) });
    },
    updateRun(id: string, change: Partial<Omit<BackupRun, 'id'>>): BackupRun {
      const current = selectRun.get(id);
      if (!current) throw new Error(`backup run ${id} is gone`);
      const next = { ...toRun(current), ...change };
      db.prepare(
        `UPDATE backup_runs SET status = @status, items = @items, bytes = @bytes, added_bytes = @addedBytes,
           duration_ms = @durationMs, error = @error, job_id = @jobId, finished_at = @finishedAt WHERE id = @id`,
      ).run({ ...next, items: JSON.stringify(next.items) });
      return next;
    },
    /** Runs whose snapshots restic no longer has (forgotten by retention) leave the history. */
    removeRuns(ids: readonly string[]): void {
      const remove = db.prepare('DELETE FROM backup_runs WHERE id = ?');
      db.transaction(() => ids.forEach((id) => remove.run(id)))();
    },
  };
}

/** The backups feature's tables (migration 010): schedules, history, and the one repository. */
export function createBackupStore(db: Database) {
  return {
    ...createPolicyStore(db),
    ...createRunStore(db),
    repository: (): RepositoryRow =>
      db.prepare<[], RepositoryRow>('SELECT location, last_check_at, last_check_ok, last_check_message FROM backup_repository WHERE id = 1').get() ?? {
        location: '',
        last_check_at: null,
        last_check_ok: null,
        last_check_message: null,
      },
    setLocation: (location: string): void => {
      db.prepare('UPDATE backup_repository SET location = ?, last_check_at = NULL, last_check_ok = NULL, last_check_message = NULL WHERE id = 1').run(location);
    },
    recordCheck: (at: string, isOk: boolean, message: string): void => {
      db.prepare('UPDATE backup_repository SET last_check_at = ?, last_check_ok = ?, last_check_message = ? WHERE id = 1').run(at, isOk ? 1 : 0, message);
    },
  };
}

export type BackupStore = ReturnType<typeof createBackupStore>;
