import type { BackupDeps } from './backup-runs';

/**
 * A job: `restic check` of the repository's structure, after removing locks a killed restic left
 * (`restic unlock` removes only stale ones). The result is kept and shown with the repository.
 */
export function startCheck(deps: BackupDeps): { jobId: string } {
  const { context, repository, store } = deps;
  const job = context.jobs.start('backups:check', null, async (job) => {
    job.progress({ step: 'Checking the backup repository' });
    await repository.ensureReady();
    let isOk = true;
    let message = 'No errors were found.';
    try {
      await repository.run(['unlock'], { signal: job.signal }, 'exclusive');
      await repository.run(['check'], { signal: job.signal }, 'exclusive');
    } catch (error) {
      if (job.signal.aborted) throw error;
      isOk = false;
      message = error instanceof Error ? error.message : String(error);
    }
    store.recordCheck(context.clock.now().toISOString(), isOk, message);
    context.events.emit('backups:repository-changed', await repository.describe());
    if (!isOk) throw new Error(message);
  });
  return { jobId: job.id };
}
