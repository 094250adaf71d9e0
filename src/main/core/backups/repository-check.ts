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
    let failure: Error | null = null;
    try {
      await repository.run(['unlock'], { signal: job.signal }, 'exclusive');
      await repository.run(['check'], { signal: job.signal }, 'exclusive');
    } catch (error) {
      if (job.signal.aborted) throw error;
      failure = error instanceof Error ? error : new Error(String(error));
    }
    store.recordCheck(context.clock.now().toISOString(), failure === null, failure?.message ?? 'No errors were found.');
    context.events.emit('backups:repository-changed', await repository.describe());
    // restic's own error, so the job says why in words (a plain Error would fail it as "unexpected").
    if (failure) throw failure;
  });
  return { jobId: job.id };
}
