import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '@shared/contract/jobs';
import { AppError } from '@shared/result';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { systemClock } from '../clock';
import { openDatabase } from '../db/database';
import { migrations } from '../db/migrations';
import { createEventBus } from '../events/event-bus';
import { silentLogger } from '../logger';
import { createJobRepository } from './job-repository';
import { createJobRunner } from './job-runner';

function setup(file: string) {
  const { db } = openDatabase(file, migrations);
  const events = createEventBus();
  const seen: Job[] = [];
  events.on('jobs:changed', (job) => seen.push(job));
  const repository = createJobRepository(db);
  const runner = createJobRunner({ repository, events, clock: systemClock, logger: silentLogger });
  return { db, runner, repository, seen };
}

describe('job runner', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const dbFile = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'hoster.db');
  };

  it('returns the job at once and reports progress, then success, as events', async () => {
    const { db, runner, seen } = setup(dbFile());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = runner.start('demo', 'target-1', async ({ progress }) => {
      progress({ step: 'pulling', fraction: 0.5 });
      await gate;
    });
    expect(job.status).toBe('running');
    expect(runner.get(job.id).progress).toEqual({ step: 'pulling', fraction: 0.5 });
    release();
    await runner.settled();
    expect(runner.get(job.id).status).toBe('succeeded');
    expect(seen.map((j) => j.status)).toEqual(['running', 'running', 'succeeded']);
    expect(runner.list({ target: 'target-1', limit: 10 }).map((j) => j.id)).toEqual([job.id]);
    db.close();
  });

  it('cancels through the AbortSignal', async () => {
    const { db, runner } = setup(dbFile());
    const job = runner.start('wait', null, ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))));
    runner.cancel(job.id);
    await runner.settled();
    expect(runner.get(job.id)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(() => runner.cancel(job.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    db.close();
  });

  it('records an AppError with its code and hides other errors behind internal', async () => {
    const { db, runner } = setup(dbFile());
    const known = runner.start('a', null, () => Promise.reject(new AppError('host_unreachable', 'Node 1 did not answer.')));
    const unknown = runner.start('b', null, () => Promise.reject(new Error('ECONNRESET at socket.js:12')));
    await runner.settled();
    expect(runner.get(known.id).error).toEqual({ code: 'host_unreachable', message: 'Node 1 did not answer.' });
    expect(runner.get(unknown.id).error?.code).toBe('internal');
    expect(runner.get(unknown.id).error?.message).not.toContain('socket.js');
    db.close();
  });

  it('marks jobs cut off by a crash as interrupted at the next start', () => {
    const file = dbFile();
    const first = setup(file);
    first.repository.create({ id: 'j1', kind: 'deploy', target: 'd1', status: 'running', now: new Date().toISOString() });
    first.db.close();

    const second = setup(file);
    expect(second.repository.interruptUnfinished(new Date().toISOString()).map((j) => j.id)).toEqual(['j1']);
    expect(second.runner.get('j1').status).toBe('interrupted');
    second.db.close();
  });
});
