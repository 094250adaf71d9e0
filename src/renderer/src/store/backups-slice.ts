import type { ApiClient } from '@shared/api-client';
import type { MethodInput, MethodOutput } from '@shared/contract';
import type {
  BackupOverviewRow,
  BackupPolicy,
  BackupPolicyInput,
  BackupRepository,
  BackupRun,
} from '@shared/contract/backups';
import type { Job } from '@shared/contract/jobs';
import { applyRunToHistory, applyRunToOverview, patchRow } from './backup-updates';
import { applyJobChange, isJobDone, type JobFeed } from './deployments-slice';
import {
  createSharedWatch,
  errorViewOf,
  withoutKey,
  type ErrorView,
  type SliceCreator,
  type SliceGet,
  type SliceSet,
} from './slice';

/** What a job on a deployment's backups does; the move job runs on the deployment it copies. */
export type BackupOperation = 'backup' | 'restore' | 'move';
export type BackupJobFeed = JobFeed & { operation: BackupOperation };

export interface BackupsSlice {
  backupRepository: BackupRepository | null;
  backupRepositoryError: ErrorView | null;
  /** The progress of the `restic check` started last. */
  backupCheckJob: JobFeed | null;
  /** Every deployment's schedule and last result, as the fleet-wide page lists them. */
  backupOverview: BackupOverviewRow[] | null;
  backupOverviewError: ErrorView | null;
  /** By deployment id: its backups, newest first; a deployment whose list was never loaded is absent. */
  backupRuns: Record<string, BackupRun[]>;
  backupRunsErrors: Record<string, ErrorView>;
  backupPolicies: Record<string, BackupPolicy>;
  backupPolicyErrors: Record<string, ErrorView>;
  /** By deployment id: the backup, restore or move job on it that this window started or saw last. */
  backupJobs: Record<string, BackupJobFeed>;
  loadBackupRepository: () => Promise<void>;
  loadBackupOverview: () => Promise<void>;
  loadBackups: (deploymentId: string) => Promise<void>;
  loadBackupPolicy: (deploymentId: string) => Promise<void>;
  /** These throw the AppError, so the form, dialog or button that called them can show it in place. */
  setBackupRepository: (input: MethodInput<'backups:repository-set'>) => Promise<BackupRepository>;
  checkBackupRepository: () => Promise<void>;
  setBackupPolicy: (input: BackupPolicyInput) => Promise<BackupPolicy>;
  runBackup: (deploymentId: string) => Promise<void>;
  restoreBackup: (run: BackupRun) => Promise<void>;
  /** Starts the move of `run`'s deployment to `nodeId`; resolves with the job and the new deployment's id. */
  moveBackup: (
    run: BackupRun,
    target: { nodeId: string; name?: string },
  ) => Promise<MethodOutput<'backups:move'>>;
  exportBackupVolume: (input: MethodInput<'backups:export'>) => Promise<MethodOutput<'backups:export'>>;
  /** Keeps what is loaded in step with `backups:*` and the jobs above; returns the unsubscribe. */
  watchBackups: () => () => void;
}

interface JobTarget {
  deploymentId: string;
  operation: BackupOperation;
}

interface BackupParts {
  api: ApiClient;
  set: SliceSet;
  get: SliceGet;
  /** Job id → what it is about, for the jobs this window started or saw a running backup name. */
  jobTargets: Map<string, JobTarget>;
  /** The id of the repository check under way, if this window started one. */
  checkJob: { id: string | null };
  setJob: (target: JobTarget, job: Job) => void;
}

/** Follows the job a running backup names (a scheduled one, or one started in another window). */
function trackRunJob({ jobTargets }: BackupParts, run: BackupRun): string | null {
  if (run.status !== 'running' || run.jobId === null || jobTargets.has(run.jobId)) return null;
  const operation = run.trigger === 'before-restore' ? 'restore' : 'backup';
  jobTargets.set(run.jobId, { deploymentId: run.deploymentId, operation });
  return run.jobId;
}

function onJobChanged(parts: BackupParts, job: Job): void {
  const { set, get, jobTargets, checkJob } = parts;
  if (job.id === checkJob.id) {
    set((state) => ({ backupCheckJob: applyJobChange(state.backupCheckJob ?? undefined, job) }));
    if (isJobDone(job)) void get().loadBackupRepository();
    return;
  }
  const target = jobTargets.get(job.id);
  if (!target) return;
  parts.setJob(target, job);
  if (!isJobDone(job)) return;
  jobTargets.delete(job.id);
  // What the job settled is read back, should an event have been missed; the repository grew.
  if (get().backupRuns[target.deploymentId]) void get().loadBackups(target.deploymentId);
  if (get().backupRepository) void get().loadBackupRepository();
}

function subscribeBackups(parts: BackupParts): () => void {
  const { api, set } = parts;
  const offs = [
    api.on('backups:run-changed', (run) => {
      trackRunJob(parts, run);
      set((state) => ({
        backupRuns: applyRunToHistory(state.backupRuns, run),
        backupOverview: state.backupOverview && applyRunToOverview(state.backupOverview, run),
      }));
    }),
    api.on('backups:policy-changed', (policy) =>
      set((state) => ({
        backupPolicies: { ...state.backupPolicies, [policy.deploymentId]: policy },
        backupOverview: patchRow(state.backupOverview, policy.deploymentId, { policy }),
      })),
    ),
    api.on('backups:repository-changed', (repository) => set({ backupRepository: repository })),
    // A failure says nothing of the age of the last good backup; `ok` and `stale` do.
    api.on('backups:health', ({ deploymentId, state: health }) => {
      if (health !== 'failed')
        set((state) => ({
          backupOverview: patchRow(state.backupOverview, deploymentId, { isStale: health === 'stale' }),
        }));
    }),
    api.on('jobs:changed', (job) => onJobChanged(parts, job)),
  ];
  return () => offs.forEach((off) => off());
}

type Loaders = Pick<
  BackupsSlice,
  'loadBackupRepository' | 'loadBackupOverview' | 'loadBackups' | 'loadBackupPolicy'
>;

const loaders = (parts: BackupParts): Loaders => {
  const { api, set, get } = parts;
  return {
    loadBackupRepository: async () => {
      try {
        set({ backupRepository: await api['backups:repository']({}), backupRepositoryError: null });
      } catch (error) {
        set({ backupRepositoryError: errorViewOf(error) });
      }
    },
    loadBackupOverview: async () => {
      try {
        set({ backupOverview: await api['backups:overview']({}), backupOverviewError: null });
      } catch (error) {
        set({ backupOverviewError: errorViewOf(error) });
      }
    },
    loadBackups: async (deploymentId) => {
      try {
        const runs = await api['backups:list']({ deploymentId });
        set((state) => ({
          backupRuns: { ...state.backupRuns, [deploymentId]: runs },
          backupRunsErrors: withoutKey(state.backupRunsErrors, deploymentId),
        }));
      } catch (error) {
        set((state) => ({
          backupRunsErrors: { ...state.backupRunsErrors, [deploymentId]: errorViewOf(error) },
        }));
        return;
      }
      const running = (get().backupRuns[deploymentId] ?? []).map((run) => trackRunJob(parts, run));
      for (const id of running.filter((jobId) => jobId !== null))
        api['jobs:get']({ id }).then(
          (job) => onJobChanged(parts, job),
          // Its progress then shows with the job's next `jobs:changed`.
          () => undefined,
        );
    },
    loadBackupPolicy: async (deploymentId) => {
      try {
        const policy = await api['backups:policy']({ deploymentId });
        set((state) => ({
          backupPolicies: { ...state.backupPolicies, [deploymentId]: policy },
          backupPolicyErrors: withoutKey(state.backupPolicyErrors, deploymentId),
        }));
      } catch (error) {
        set((state) => ({
          backupPolicyErrors: { ...state.backupPolicyErrors, [deploymentId]: errorViewOf(error) },
        }));
      }
    },
  };
};

type Actions = Pick<
  BackupsSlice,
  | 'setBackupRepository'
  | 'checkBackupRepository'
  | 'setBackupPolicy'
  | 'runBackup'
  | 'restoreBackup'
  | 'moveBackup'
  | 'exportBackupVolume'
>;

const actions = (parts: BackupParts): Actions => {
  const { api, set, jobTargets, checkJob } = parts;
  /** Follows a job started here from its first state, so its progress shows before any event. */
  const follow = async (target: JobTarget, jobId: string) => {
    jobTargets.set(jobId, target);
    onJobChanged(parts, await api['jobs:get']({ id: jobId }));
  };
  return {
    setBackupRepository: async (input) => {
      const repository = await api['backups:repository-set'](input);
      set({ backupRepository: repository, backupRepositoryError: null });
      return repository;
    },
    checkBackupRepository: async () => {
      const { jobId } = await api['backups:check']({});
      checkJob.id = jobId;
      set({ backupCheckJob: null });
      onJobChanged(parts, await api['jobs:get']({ id: jobId }));
    },
    setBackupPolicy: async (input) => {
      const policy = await api['backups:policy-set'](input);
      set((state) => ({ backupPolicies: { ...state.backupPolicies, [policy.deploymentId]: policy } }));
      return policy;
    },
    runBackup: async (deploymentId) => {
      const { jobId } = await api['backups:run']({ deploymentId });
      await follow({ deploymentId, operation: 'backup' }, jobId);
    },
    restoreBackup: async (run) => {
      const { jobId } = await api['backups:restore']({ runId: run.id });
      await follow({ deploymentId: run.deploymentId, operation: 'restore' }, jobId);
    },
    moveBackup: async (run, { nodeId, name }) => {
      const moved = await api['backups:move']({ runId: run.id, nodeId, ...(name ? { name } : {}) });
      await follow({ deploymentId: run.deploymentId, operation: 'move' }, moved.jobId);
      return moved;
    },
    exportBackupVolume: (input) => api['backups:export'](input),
  };
};

export const createBackupsSlice: SliceCreator<BackupsSlice> = (api) => (set, get) => {
  const parts: BackupParts = {
    api,
    set,
    get,
    jobTargets: new Map(),
    checkJob: { id: null },
    setJob: ({ deploymentId, operation }, job) =>
      set((state) => ({
        backupJobs: {
          ...state.backupJobs,
          [deploymentId]: { ...applyJobChange(state.backupJobs[deploymentId], job), operation },
        },
      })),
  };
  return {
    backupRepository: null,
    backupRepositoryError: null,
    backupCheckJob: null,
    backupOverview: null,
    backupOverviewError: null,
    backupRuns: {},
    backupRunsErrors: {},
    backupPolicies: {},
    backupPolicyErrors: {},
    backupJobs: {},
    ...loaders(parts),
    ...actions(parts),
    // The deployment page and the Backups page may both watch; one subscription serves them all.
    watchBackups: createSharedWatch(() => subscribeBackups(parts)),
  };
};
