import { randomUUID } from 'node:crypto';
import type { Job, JobProgress } from '@shared/contract/jobs';
import { AppError, isAppError } from '@shared/result';
import type { Clock } from '../clock';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { JobRepository } from './job-repository';

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  progress: (progress: JobProgress) => void;
}

export type JobWork = (context: JobContext) => Promise<void>;

export interface JobRunner {
  /** Persists the job and returns it at once; the work runs in the background. */
  start(kind: string, target: string | null, work: JobWork): Job;
  cancel(id: string): Job;
  get(id: string): Job;
  list(filter: { target?: string | undefined; limit: number }): Job[];
  /** Resolves when every job started so far has settled. */
  settled(): Promise<void>;
  /** Aborts every running job and waits for them to settle. */
  close(): Promise<void>;
}

const PROGRESS_WRITE_INTERVAL_MS = 100;

/** The job was stopped because the app is closing, not by the user: work it left is carried on at the next start. */
export const isShutdownAbort = (signal: AbortSignal): boolean =>
  signal.aborted && isAppError(signal.reason) && signal.reason.details?.isShutdown === true;

interface JobRunnerDeps {
  repository: JobRepository;
  events: EventBus;
  clock: Clock;
  logger: Logger;
}

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { repository, events, clock } = deps;
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const now = () => clock.now().toISOString();

  const publish = (id: string) => {
    const job = repository.get(id);
    if (job) events.emit('jobs:changed', job);
    return job;
  };

  const get = (id: string): Job => {
    const job = repository.get(id);
    if (!job) throw new AppError('not_found', `No job with id ${id}.`);
    return job;
  };

  return {
    start(kind, target, work) {
      const id = randomUUID();
      const job = repository.create({ id, kind, target, status: 'running', now: now() });
      events.emit('jobs:changed', job);
      const controller = new AbortController();
      const context: JobContext = {
        jobId: id,
        signal: controller.signal,
        progress: createProgressWriter(deps, id, () => publish(id)),
      };
      const done = runJob(deps, { id, kind }, work, context, () => {
        running.delete(id);
        publish(id);
      });
      running.set(id, { controller, done });
      return job;
    },
    cancel(id) {
      const entry = running.get(id);
      if (!entry) {
        const job = get(id);
        throw new AppError('conflict', `Job ${id} is ${job.status} and cannot be cancelled.`);
      }
      entry.controller.abort(new AppError('cancelled', 'Cancelled by the user.'));
      return get(id);
    },
    get,
    list: (filter) => repository.list(filter),
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running.values()].map((entry) => entry.done));
    },
    async close() {
      for (const entry of running.values())
        entry.controller.abort(new AppError('cancelled', 'The app is shutting down.', { details: { isShutdown: true } }));
      await this.settled();
    },
  };
}

/** Stores progress at most every PROGRESS_WRITE_INTERVAL_MS per step, and always a new step or the end. */
function createProgressWriter(deps: JobRunnerDeps, id: string, publish: () => void): JobContext['progress'] {
  let lastWrite = 0;
  let lastStep = '';
  return (progress) => {
    const at = Date.now();
    if (progress.step === lastStep && at - lastWrite < PROGRESS_WRITE_INTERVAL_MS && progress.fraction !== 1)
      return;
    lastWrite = at;
    lastStep = progress.step;
    deps.repository.setProgress(id, progress, deps.clock.now().toISOString());
    publish();
  };
}

/** Runs the work and stores how it ended: succeeded, cancelled, or failed with what the user may read. */
async function runJob(
  deps: JobRunnerDeps,
  job: { id: string; kind: string },
  work: JobWork,
  context: JobContext,
  onSettled: () => void,
): Promise<void> {
  const { repository, logger } = deps;
  const { id, kind } = job;
  const { signal } = context;
  const now = () => deps.clock.now().toISOString();
  try {
    await work(context);
    if (signal.aborted) throw signal.reason;
    repository.setStatus(id, 'succeeded', null, now());
  } catch (error) {
    if (signal.aborted) {
      repository.setStatus(id, 'cancelled', { code: 'cancelled', message: 'Cancelled.' }, now());
    } else if (isAppError(error)) {
      repository.setStatus(id, 'failed', { code: error.code, message: error.message }, now());
    } else {
      logger.error('job failed unexpectedly', { jobId: id, kind, error: String(error) });
      repository.setStatus(
        id,
        'failed',
        { code: 'internal', message: 'The operation failed unexpectedly; see the app log.' },
        now(),
      );
    }
  } finally {
    onSettled();
  }
}
