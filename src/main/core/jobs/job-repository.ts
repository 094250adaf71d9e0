import type { Job, JobProgress, JobStatus } from '@shared/contract/jobs';
import type { Database } from '../db/database';

interface JobRow {
  id: string;
  kind: string;
  target: string | null;
  status: JobStatus;
  progress: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  target: row.target,
  status: row.status,
  progress: row.progress ? (JSON.parse(row.progress) as JobProgress) : null,
  error: row.error ? (JSON.parse(row.error) as { code: string; message: string }) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createJobRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO jobs (id, kind, target, status, progress, error, created_at, updated_at)
     VALUES (@id, @kind, @target, @status, NULL, NULL, @now, @now)`,
  );
  const byId = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const setStatus = db.prepare(
    'UPDATE jobs SET status = @status, error = @error, updated_at = @now WHERE id = @id',
  );
  const setProgress = db.prepare('UPDATE jobs SET progress = @progress, updated_at = @now WHERE id = @id');
  const interruptAll = db.prepare(
    `UPDATE jobs SET status = 'interrupted', updated_at = @now WHERE status IN ('queued','running') RETURNING *`,
  );

  return {
    create(job: { id: string; kind: string; target: string | null; status: JobStatus; now: string }): Job {
      insert.run(job);
      const created = byId.get(job.id);
      if (!created) throw new Error(`job ${job.id} vanished after insert`);
      return toJob(created);
    },
    get(id: string): Job | undefined {
      const row = byId.get(id);
      return row ? toJob(row) : undefined;
    },
    list(filter: { target?: string | undefined; limit: number }): Job[] {
      const rows = filter.target
        ? db.prepare<[string, number], JobRow>('SELECT * FROM jobs WHERE target = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(filter.target, filter.limit)
        : db.prepare<[number], JobRow>('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(filter.limit);
      return rows.map(toJob);
    },
    setStatus(id: string, status: JobStatus, error: { code: string; message: string } | null, now: string): void {
      setStatus.run({ id, status, error: error ? JSON.stringify(error) : null, now });
    },
    setProgress(id: string, progress: JobProgress, now: string): void {
      setProgress.run({ id, progress: JSON.stringify(progress), now });
    },
    /** At startup nothing is running, so whatever the database says is running was cut off. */
    interruptUnfinished(now: string): Job[] {
      return (interruptAll.all({ now }) as JobRow[]).map(toJob);
    },
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;
