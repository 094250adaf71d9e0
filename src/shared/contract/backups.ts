import { z } from 'zod';
import { method } from './define';

/**
 * Backups: each deployment's volumes (and database dumps its template declares) streamed from its
 * node into one restic repository on this computer, restorable into the same deployment or onto
 * another node. The history below is kept in the app's database, so it reads offline.
 */

export const backupScheduleKindSchema = z.enum(['off', 'daily', 'weekly', 'cron']);
export type BackupScheduleKind = z.infer<typeof backupScheduleKindSchema>;

/**
 * Services without a dump command are copied either `stopped` (the deployment stops for the copy and
 * starts again: consistent) or `live` (copied while it runs: no downtime, files may be mid-write).
 */
export const copyModeSchema = z.enum(['stopped', 'live']);
export type CopyMode = z.infer<typeof copyModeSchema>;

const keepCount = z.int().min(0).max(1000);

/** `restic forget` rules applied after every scheduled backup; 0 turns a rule off. */
export const retentionSchema = z.object({
  keepLast: keepCount.default(7),
  keepDaily: keepCount.default(7),
  keepWeekly: keepCount.default(4),
  keepMonthly: keepCount.default(6),
});
export type Retention = z.infer<typeof retentionSchema>;

export const backupPolicyInputSchema = z.object({
  deploymentId: z.string().min(1),
  schedule: backupScheduleKindSchema,
  /** Five-field cron expression (croner), used when `schedule` is `cron`. */
  cron: z.string().trim().max(120).default(''),
  copyMode: copyModeSchema.default('stopped'),
  retention: retentionSchema.default({ keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 }),
});
export type BackupPolicyInput = z.input<typeof backupPolicyInputSchema>;

export const backupPolicySchema = z.object({
  deploymentId: z.string(),
  schedule: backupScheduleKindSchema,
  cron: z.string(),
  copyMode: copyModeSchema,
  retention: retentionSchema,
  /** When the schedule runs next; null when it is off. */
  nextRunAt: z.string().nullable(),
});
export type BackupPolicy = z.infer<typeof backupPolicySchema>;

export const backupRunStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type BackupRunStatus = z.infer<typeof backupRunStatusSchema>;

export const backupTriggerSchema = z.enum(['manual', 'schedule', 'before-restore']);
export type BackupTrigger = z.infer<typeof backupTriggerSchema>;

/** One stream of a backup: a volume's files (a tar) or a service's database dump. */
export const backupItemSchema = z.object({
  service: z.string(),
  /** The volume's name in the template; null for a dump. */
  volume: z.string().nullable(),
  kind: z.enum(['volume', 'dump']),
  snapshotId: z.string(),
  bytes: z.number(),
  /** What this stream added to the repository after deduplication and compression. */
  addedBytes: z.number(),
});
export type BackupItem = z.infer<typeof backupItemSchema>;

/** One backup of one deployment: a restic snapshot per item, tagged with the run. */
export const backupRunSchema = z.object({
  id: z.string(),
  deploymentId: z.string(),
  deploymentName: z.string(),
  nodeId: z.string(),
  templateVersion: z.string(),
  trigger: backupTriggerSchema,
  status: backupRunStatusSchema,
  copyMode: copyModeSchema,
  items: z.array(backupItemSchema),
  bytes: z.number(),
  addedBytes: z.number(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  jobId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BackupRun = z.infer<typeof backupRunSchema>;

/** A deployment as the fleet-wide backups page lists it. */
export const backupOverviewRowSchema = z.object({
  deploymentId: z.string(),
  deploymentName: z.string(),
  nodeId: z.string(),
  policy: backupPolicySchema,
  lastRun: backupRunSchema.nullable(),
  lastSuccessAt: z.string().nullable(),
  /** It is scheduled and its last good backup is older than twice its interval. */
  isStale: z.boolean(),
});
export type BackupOverviewRow = z.infer<typeof backupOverviewRowSchema>;

export const repositoryCheckSchema = z.object({
  at: z.string(),
  isOk: z.boolean(),
  message: z.string(),
});

/** The restic repository every backup goes to, and the restic that writes it. */
export const backupRepositorySchema = z.object({
  /** A folder on this computer, or any restic location (`sftp:host:/path`, `s3:…`, `rest:…`). */
  location: z.string(),
  isDefaultLocation: z.boolean(),
  /** The repository exists and opens with the password in the keychain. */
  isReady: z.boolean(),
  /** Why it is not ready: restic missing, wrong password, unreachable. */
  problem: z.string().nullable(),
  restic: z.object({ path: z.string(), version: z.string() }).nullable(),
  lastCheck: repositoryCheckSchema.nullable(),
  sizeBytes: z.number().nullable(),
});
export type BackupRepository = z.infer<typeof backupRepositorySchema>;

const runRef = z.object({ runId: z.string().min(1) });
const jobResult = z.object({ jobId: z.string() });

export const backupsMethods = {
  'backups:repository': method(z.object({}), backupRepositorySchema),
  /**
   * Points backups at another restic location. An existing repository needs its password (kept in the
   * keychain once it opens); an empty location is made a new repository with a generated password.
   * An empty `location` goes back to the default folder.
   */
  'backups:repository-set': method(
    z.object({ location: z.string().trim().max(1024), password: z.string().max(1024).optional() }),
    backupRepositorySchema,
  ),
  /** A job: `restic check` of the repository's structure (also run weekly). */
  'backups:check': method(z.object({}), jobResult),
  'backups:policy': method(z.object({ deploymentId: z.string().min(1) }), backupPolicySchema),
  'backups:policy-set': method(backupPolicyInputSchema, backupPolicySchema),
  /** Backup history, newest first: one deployment's, or the whole fleet's. */
  'backups:list': method(
    z.object({ deploymentId: z.string().min(1).optional(), limit: z.int().min(1).max(1000).default(200) }),
    z.array(backupRunSchema),
  ),
  'backups:overview': method(z.object({}), z.array(backupOverviewRowSchema)),
  /** A job: backs the deployment up now. */
  'backups:run': method(z.object({ deploymentId: z.string().min(1) }), z.object({ jobId: z.string(), runId: z.string() })),
  /**
   * A job: the deployment's data replaced by a backup's (stop, replace volumes, restore dumps, start
   * again if it ran). What it holds now is backed up first. Refused before anything stops when the
   * node lacks room.
   */
  'backups:restore': method(runRef, jobResult),
  /**
   * A job: the backup's template version deployed on another node with the same settings and secrets,
   * its data restored before it starts; the old deployment is left for the user to delete.
   */
  'backups:move': method(
    runRef.extend({ nodeId: z.string().min(1), name: z.string().trim().min(1).max(40).optional() }),
    z.object({ jobId: z.string(), deploymentId: z.string() }),
  ),
  /** Writes one volume of a backup as a tar file on this computer; returns where. */
  'backups:export': method(
    runRef.extend({ service: z.string().min(1), volume: z.string().min(1), path: z.string().min(1).optional() }),
    z.object({ path: z.string(), bytes: z.number() }),
  ),
};

export const backupsEvents = {
  'backups:run-changed': backupRunSchema,
  'backups:policy-changed': backupPolicySchema,
  'backups:repository-changed': backupRepositorySchema,
  /** A deployment's backups went wrong (a failure, or its last backup is stale) or are fine again. */
  'backups:health': z.object({
    deploymentId: z.string(),
    nodeId: z.string(),
    state: z.enum(['ok', 'failed', 'stale']),
    title: z.string(),
    message: z.string(),
  }),
};
