import type { BackupOverviewRow, BackupRun } from '@shared/contract/backups';

const byNewest = (a: BackupRun, b: BackupRun): number => b.startedAt.localeCompare(a.startedAt);

/** Puts a run's latest state in its deployment's history, newest first. */
export function applyRun(list: BackupRun[], run: BackupRun): BackupRun[] {
  return list.some((r) => r.id === run.id)
    ? list.map((r) => (r.id === run.id ? run : r))
    : [...list, run].sort(byNewest);
}

/** The histories with the run applied to its deployment's, when that one is loaded. */
export function applyRunToHistory(
  histories: Record<string, BackupRun[]>,
  run: BackupRun,
): Record<string, BackupRun[]> {
  const list = histories[run.deploymentId];
  return list ? { ...histories, [run.deploymentId]: applyRun(list, run) } : histories;
}

/** The overview row of the run's deployment with the run as its last one, unless it has a newer one. */
export function applyRunToOverview(rows: BackupOverviewRow[], run: BackupRun): BackupOverviewRow[] {
  return rows.map((row) => {
    if (row.deploymentId !== run.deploymentId) return row;
    const last = row.lastRun;
    if (last && last.id !== run.id && last.startedAt > run.startedAt) return row;
    if (run.status !== 'succeeded') return { ...row, lastRun: run };
    return { ...row, lastRun: run, lastSuccessAt: run.finishedAt ?? run.startedAt, isStale: false };
  });
}

/** The overview with one deployment's row changed; null while the overview was never loaded. */
export function patchRow(
  rows: BackupOverviewRow[] | null,
  deploymentId: string,
  patch: Partial<BackupOverviewRow>,
): BackupOverviewRow[] | null {
  return rows?.map((row) => (row.deploymentId === deploymentId ? { ...row, ...patch } : row)) ?? null;
}
