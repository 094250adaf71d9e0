import type { CloudServer } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';

/** The list with `server` in place of the row with its id, or added; newest first. */
export function upsertServer(list: CloudServer[] | null, server: CloudServer): CloudServer[] {
  const rest = (list ?? []).filter((s) => s.id !== server.id);
  return [server, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A job's newer state replaces the one kept; an older one (events can cross an answer) is ignored. */
export function withJob(jobs: Record<string, Job>, job: Job): Record<string, Job> {
  const known = jobs[job.id];
  if (known && known.updatedAt > job.updatedAt) return jobs;
  return { ...jobs, [job.id]: job };
}

/** Whether a pushed job belongs to a cloud server: one the list names, or one of the cloud feature's kinds. */
export const isCloudJob = (servers: CloudServer[] | null, job: Job): boolean =>
  job.kind.startsWith('cloud') || (servers ?? []).some((server) => server.jobId === job.id);
