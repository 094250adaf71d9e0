import type { ApiClient } from '@shared/api-client';
import type { MethodInput } from '@shared/contract';
import type { Customer } from '@shared/contract/billing-model';
import type { DeploymentDetail, CreateDeploymentInput } from '@shared/contract/deployments';
import type { DeploymentSummary, DeploymentTransition } from '@shared/contract/deployment-model';
import type { Job } from '@shared/contract/jobs';
import type { Node } from '@shared/contract/nodes';
import type { TemplateSummary } from '@shared/contract/templates';
import type { DeployRequest } from './marketplace-slice';
import { errorViewOf, type ErrorView, type SliceCreator, type SliceGet, type SliceSet } from './slice';

export interface ProgressEntry {
  at: string;
  step: string;
  fraction?: number | undefined;
  detail?: string | undefined;
}

/** The steps one job reported, oldest first; a step reported again (pull progress) updates its entry. */
export interface JobFeed {
  job: Job;
  entries: ProgressEntry[];
}

export interface DeployTargets {
  nodes: Node[];
  customers: Customer[];
}

export type SimpleAction = 'start' | 'stop' | 'restart' | 'rollback';

const MAX_FEED_ENTRIES = 200;
const terminalJobStatuses: readonly Job['status'][] = ['succeeded', 'failed', 'cancelled', 'interrupted'];
export const isJobDone = (job: Job): boolean => terminalJobStatuses.includes(job.status);

export function applyJobChange(feed: JobFeed | undefined, job: Job): JobFeed {
  const isSameJob = feed?.job.id === job.id;
  // A reply fetched before the latest pushed change may arrive after it.
  if (isSameJob && job.updatedAt < feed.job.updatedAt) return feed;
  const entries = isSameJob ? feed.entries : [];
  if (!job.progress) return { job, entries };
  const entry: ProgressEntry = { at: job.updatedAt, ...job.progress };
  const last = entries.at(-1);
  const next =
    last?.step === job.progress.step
      ? [...entries.slice(0, -1), { ...entry, at: last.at }]
      : [...entries, entry];
  return { job, entries: next.slice(-MAX_FEED_ENTRIES) };
}

/** Puts a deployment's latest summary into the list, first when the list did not have it. */
export function applySummary(
  list: DeploymentSummary[] | null,
  deployment: DeploymentSummary,
): DeploymentSummary[] | null {
  if (!list) return list;
  return list.some((d) => d.id === deployment.id)
    ? list.map((d) => (d.id === deployment.id ? deployment : d))
    : [deployment, ...list];
}

export function applyTransition(
  list: DeploymentSummary[] | null,
  { deployment, to }: DeploymentTransition,
): DeploymentSummary[] | null {
  if (!list) return list;
  if (to === 'deleted') return list.filter((d) => d.id !== deployment.id);
  return applySummary(list, deployment);
}

export interface DeploymentsSlice {
  deployments: DeploymentSummary[] | null;
  deploymentsError: ErrorView | null;
  deploymentDetail: DeploymentDetail | null;
  deploymentDetailError: { id: string; error: ErrorView } | null;
  /** By deployment id: the progress of the job running on it (or that ran last). */
  jobFeeds: Record<string, JobFeed>;
  deployTargets: DeployTargets | null;
  loadDeployments: () => Promise<void>;
  loadDeployment: (id: string) => Promise<void>;
  /** Keeps the list, the detail on screen and the progress feeds live; returns the unsubscribe. */
  watchDeployments: () => () => void;
  loadDeployTargets: () => Promise<void>;
  listDeployableTemplates: () => Promise<TemplateSummary[]>;
  /** Sets the template the wizard deploys (the marketplace's `deployRequest`), or clears it to pick one. */
  chooseDeployTemplate: (request: DeployRequest | null) => void;
  createDeployment: (input: CreateDeploymentInput) => Promise<string>;
  /** `acceptFindings`: the safety-policy findings the user said yes to after a refusal listed them. */
  runDeploymentAction: (id: string, action: SimpleAction, acceptFindings?: string[]) => Promise<void>;
  updateDeployment: (
    id: string,
    change: { version: string; variables: Record<string, string>; acceptFindings: string[] },
  ) => Promise<void>;
  deleteDeployment: (id: string, deleteData: boolean, removeImages?: boolean) => Promise<void>;
  /** Removes a deployment from this app only (its node cannot be reached); the node keeps what it runs. */
  forgetDeployment: (id: string) => Promise<void>;
  fetchDeploymentVolumes: (id: string) => Promise<{ name: string; bytes: number | null }[]>;
  openDeployment: (id: string) => Promise<string>;
  cancelJob: (jobId: string) => Promise<void>;
  /**
   * Assigns the deployment to a customer, or to none (`customerId: null`); metering splits there.
   * The list takes the answer at once; the detail on screen follows `deployments:changed`.
   */
  setDeploymentCustomer: (input: MethodInput<'deployments:set-customer'>) => Promise<void>;
}

interface DeploymentParts {
  api: ApiClient;
  set: SliceSet;
  get: SliceGet;
  setFeed: (target: string, job: Job) => void;
  /** Reloads the deployment on screen when it is this one. */
  refreshShown: (id: string) => void;
}

const loaders = ({
  api,
  set,
  get,
  setFeed,
}: DeploymentParts): Pick<DeploymentsSlice, 'loadDeployments' | 'loadDeployment'> => ({
  loadDeployments: async () => {
    try {
      set({ deployments: await api['deployments:list']({}), deploymentsError: null });
    } catch (error) {
      set({ deploymentsError: errorViewOf(error) });
    }
  },
  loadDeployment: async (id) => {
    try {
      const detail = await api['deployments:get']({ id });
      set({ deploymentDetail: detail, deploymentDetailError: null });
      const jobId = detail.activeJobId;
      if (jobId !== null && get().jobFeeds[id]?.job.id !== jobId)
        setFeed(id, await api['jobs:get']({ id: jobId }));
    } catch (error) {
      set({ deploymentDetail: null, deploymentDetailError: { id, error: errorViewOf(error) } });
    }
  },
});

const watchDeployments =
  ({ api, set, get, setFeed, refreshShown }: DeploymentParts) =>
  () => {
    const offTransitions = api.on('deployments:transitioned', (transition) => {
      set({ deployments: applyTransition(get().deployments, transition) });
      const { id } = transition.deployment;
      if (transition.to !== 'deleted') refreshShown(id);
      else if (get().route.page === 'deployments' && get().route.id === id)
        get().navigate({ page: 'deployments' });
    });
    const offChanges = api.on('deployments:changed', (deployment) => {
      set({ deployments: applySummary(get().deployments, deployment) });
      refreshShown(deployment.id);
    });
    // A node dropping off or coming back changes whether its deployments can be acted on.
    const offNodes = api.on('nodes:status-changed', () => {
      if (get().deployments !== null) void get().loadDeployments();
      const shown = get().deploymentDetail;
      if (shown) refreshShown(shown.id);
    });
    const offJobs = api.on('jobs:changed', (job) => {
      if (job.target === null || !job.kind.startsWith('deployment:')) return;
      setFeed(job.target, job);
      if (isJobDone(job)) refreshShown(job.target);
    });
    return () => {
      offTransitions();
      offChanges();
      offJobs();
      offNodes();
    };
  };

type NewDeployment = Pick<
  DeploymentsSlice,
  'loadDeployTargets' | 'listDeployableTemplates' | 'chooseDeployTemplate' | 'createDeployment'
>;

const newDeployment = ({ api, set, setFeed }: DeploymentParts): NewDeployment => ({
  loadDeployTargets: async () => {
    const [nodes, customers] = await Promise.all([
      api['nodes:list']({}),
      api['customers:list']({}).catch((): Customer[] => []),
    ]);
    set({ deployTargets: { nodes, customers } });
  },
  listDeployableTemplates: async () => (await api['templates:list']({ scope: 'browse' })).templates,
  chooseDeployTemplate: (request) => set({ deployRequest: request }),
  createDeployment: async (input) => {
    const { deploymentId, jobId } = await api['deployments:create'](input);
    setFeed(deploymentId, await api['jobs:get']({ id: jobId }));
    set({ deployRequest: null });
    return deploymentId;
  },
});

type Operations = Pick<
  DeploymentsSlice,
  | 'runDeploymentAction'
  | 'updateDeployment'
  | 'deleteDeployment'
  | 'forgetDeployment'
  | 'fetchDeploymentVolumes'
  | 'openDeployment'
  | 'cancelJob'
  | 'setDeploymentCustomer'
>;

const operations = ({ api, set, get, setFeed }: DeploymentParts): Operations => {
  const afterOperation = async (id: string, jobId: string) => {
    setFeed(id, await api['jobs:get']({ id: jobId }));
    await get().loadDeployment(id);
  };
  return {
    runDeploymentAction: async (id, action, acceptFindings = []) => {
      const { jobId } =
        action === 'stop'
          ? await api['deployments:stop']({ id })
          : await api[`deployments:${action}`]({ id, acceptFindings });
      await afterOperation(id, jobId);
    },
    updateDeployment: async (id, change) => {
      const { jobId } = await api['deployments:update']({ id, ...change });
      await afterOperation(id, jobId);
    },
    deleteDeployment: async (id, deleteData, removeImages = false) => {
      const { jobId } = await api['deployments:delete']({ id, deleteData, removeImages });
      await afterOperation(id, jobId);
    },
    forgetDeployment: async (id) => {
      await api['deployments:forget']({ id });
    },
    fetchDeploymentVolumes: (id) => api['deployments:volumes']({ id }),
    openDeployment: async (id) => (await api['deployments:open']({ id })).url,
    cancelJob: async (jobId) => {
      const job = await api['jobs:cancel']({ id: jobId });
      if (job.target !== null) setFeed(job.target, job);
    },
    setDeploymentCustomer: async (input) => {
      const summary = await api['deployments:set-customer'](input);
      set({ deployments: applySummary(get().deployments, summary) });
    },
  };
};

export const createDeploymentsSlice: SliceCreator<DeploymentsSlice> = (api) => (set, get) => {
  const parts: DeploymentParts = {
    api,
    set,
    get,
    setFeed: (target, job) =>
      set({ jobFeeds: { ...get().jobFeeds, [target]: applyJobChange(get().jobFeeds[target], job) } }),
    refreshShown: (id) => {
      if (get().deploymentDetail?.id === id) void get().loadDeployment(id);
    },
  };
  return {
    deployments: null,
    deploymentsError: null,
    deploymentDetail: null,
    deploymentDetailError: null,
    jobFeeds: {},
    deployTargets: null,
    ...loaders(parts),
    watchDeployments: watchDeployments(parts),
    ...newDeployment(parts),
    ...operations(parts),
  };
};
