import type {
  BackupPolicy,
  BackupRun,
  BackupRunStatus,
  BackupScheduleKind,
  BackupTrigger,
} from '@shared/contract/backups';
import type { BackupOperation } from '../../store/backups-slice';

export const scheduleLabels: Record<BackupScheduleKind, string> = {
  off: 'Off',
  daily: 'Daily',
  weekly: 'Weekly',
  cron: 'Cron expression',
};

export const triggerLabels: Record<BackupTrigger, string> = {
  manual: 'By hand',
  schedule: 'Scheduled',
  'before-restore': 'Before a restore',
};

export const runStatusClass: Record<BackupRunStatus, string> = {
  running: 'badge badge-warn',
  succeeded: 'badge badge-ok',
  failed: 'badge badge-error',
  cancelled: 'badge',
};

/** What a job on a deployment's backups is doing while it runs, and what it did once it ended. */
export const operationLabels: Record<BackupOperation, { running: string; done: string }> = {
  backup: { running: 'Backing up', done: 'Backup' },
  restore: { running: 'Restoring', done: 'Restore' },
  move: { running: 'Moving to another node', done: 'Move' },
};

/** A date and time to the minute, as the lists show when a backup ran. */
export const formatWhen = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Daily", "Weekly", "Cron 0 3 * * *" or "Off". */
export const scheduleText = (policy: Pick<BackupPolicy, 'schedule' | 'cron'>): string =>
  policy.schedule === 'cron' ? `Cron ${policy.cron}` : scheduleLabels[policy.schedule];

/** "850 ms", "42 s", "3 min 5 s", "1 h 12 min"; a dash while it is not known. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** The services whose database was dumped (rather than its files copied), each once. */
export const dumpedServices = (run: Pick<BackupRun, 'items'>): string[] => [
  ...new Set(run.items.filter((item) => item.kind === 'dump').map((item) => item.service)),
];

/** The volumes a backup holds as files, which can be written out as a tar each. */
export const volumeItems = (run: Pick<BackupRun, 'items'>) =>
  run.items.flatMap((item) =>
    item.kind === 'volume' && item.volume !== null ? [{ ...item, volume: item.volume }] : [],
  );
