import type { PrepareLog } from '@shared/contract/node-prepare';

/** A run's output beyond this is cut from the front: the end is where a failure shows. */
export const MAX_LOG_CHARS = 256 * 1024;

/**
 * The output of each node's latest prepare run, kept in memory while the app runs so a dialog opened
 * again shows what it missed. After a restart the job's own record says how it ended.
 */
export function createPrepareLogs(maxChars = MAX_LOG_CHARS) {
  const logs = new Map<string, { jobId: string; text: string }>();
  return {
    begin(nodeId: string, jobId: string) {
      logs.set(nodeId, { jobId, text: '' });
    },
    append(nodeId: string, text: string) {
      const log = logs.get(nodeId);
      if (!log) return;
      const next = log.text + text;
      log.text = next.length > maxChars ? next.slice(next.length - maxChars) : next;
    },
    get(nodeId: string): PrepareLog {
      const log = logs.get(nodeId);
      return { nodeId, jobId: log?.jobId ?? null, text: log?.text ?? '' };
    },
  };
}

export type PrepareLogs = ReturnType<typeof createPrepareLogs>;

/** The last `count` non-empty lines of a command's output, for the error that names the failed step. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .slice(-count)
    .join('\n');
}
