import type { ApiClient } from '@shared/api-client';
import type {
  CloudCatalog,
  CloudOrphan,
  CloudProviderId,
  CloudProviderStatus,
  CloudServer,
} from '@shared/contract/cloud';
import type { MethodInput } from '@shared/contract';
import type { Job } from '@shared/contract/jobs';
import { isCloudJob, upsertServer, withJob } from './cloud-updates';
import {
  createSharedWatch,
  errorViewOf,
  withoutKey,
  type ErrorView,
  type SliceCreator,
  type SliceGet,
  type SliceSet,
} from './slice';

export type CloudCreateInput = MethodInput<'cloud:create'>;

export interface CloudSlice {
  cloudProviders: CloudProviderStatus[] | null;
  cloudProvidersError: ErrorView | null;
  /** Regions, sizes and images per provider, read once per window (prices change rarely). */
  cloudCatalogs: Partial<Record<CloudProviderId, CloudCatalog>>;
  cloudServers: CloudServer[] | null;
  cloudServersError: ErrorView | null;
  /** The create and retire jobs of cloud servers, by job id, live from `jobs:changed`. */
  cloudJobs: Record<string, Job>;
  /** null until the user asks; then what the providers hold that the app no longer knows. */
  cloudOrphans: CloudOrphan[] | null;
  loadCloudProviders: () => Promise<void>;
  loadCloudServers: () => Promise<void>;
  /** Keeps servers and their jobs in step with the core (`cloud:changed`, `jobs:changed`). */
  watchCloud: () => () => void;
  /** The rest throw the AppError, so the form or dialog that called them can show it in place. */
  saveCloudToken: (provider: CloudProviderId, token: string) => Promise<CloudProviderStatus>;
  removeCloudToken: (provider: CloudProviderId) => Promise<void>;
  loadCloudCatalog: (provider: CloudProviderId) => Promise<CloudCatalog>;
  createCloudServer: (input: CloudCreateInput) => Promise<CloudServer>;
  retireCloudServer: (nodeId: string) => Promise<CloudServer>;
  cancelCloudJob: (jobId: string) => Promise<void>;
  findCloudOrphans: () => Promise<void>;
  deleteCloudOrphan: (orphan: CloudOrphan) => Promise<void>;
}

const withProvider = (list: CloudProviderStatus[] | null, status: CloudProviderStatus) =>
  (list ?? [status]).map((p) => (p.provider === status.provider ? status : p));

const subscribeCloud = (api: ApiClient, set: SliceSet) => () => {
  const offServer = api.on('cloud:changed', (server) =>
    set((state) => ({ cloudServers: upsertServer(state.cloudServers, server) })),
  );
  const offJob = api.on('jobs:changed', (job) =>
    set((state) => (isCloudJob(state.cloudServers, job) ? { cloudJobs: withJob(state.cloudJobs, job) } : {})),
  );
  return () => {
    offServer();
    offJob();
  };
};

/** The jobs of servers at work when the list loaded, so their progress shows before the next event. */
async function readRunningJobs(api: ApiClient, set: SliceSet, servers: CloudServer[]) {
  const running = servers.filter((s) => (s.status === 'creating' || s.status === 'retiring') && s.jobId);
  for (const server of running) {
    try {
      const job = await api['jobs:get']({ id: server.jobId ?? '' });
      set((state) => ({ cloudJobs: withJob(state.cloudJobs, job) }));
    } catch {
      // A job the core no longer holds (the app restarted mid-create): the row's own step still shows
      // where it stands, and the core's reconcile reports the outcome through `cloud:changed`.
    }
  }
}

const startedJob = (set: SliceSet, { server, job }: { server: CloudServer; job: Job }) => {
  set((state) => ({
    cloudServers: upsertServer(state.cloudServers, server),
    cloudJobs: withJob(state.cloudJobs, job),
  }));
  return server;
};

/** Tokens, catalogs and orphans: the provider-side actions, apart from the servers' own. */
const providerActions = (api: ApiClient, set: SliceSet, get: SliceGet) => ({
  saveCloudToken: async (provider: CloudProviderId, token: string) => {
    const status = await api['cloud:set-token']({ provider, token });
    set((state) => ({ cloudProviders: withProvider(state.cloudProviders, status) }));
    return status;
  },
  removeCloudToken: async (provider: CloudProviderId) => {
    const status = await api['cloud:remove-token']({ provider });
    set((state) => ({
      cloudProviders: withProvider(state.cloudProviders, status),
      cloudCatalogs: withoutKey<CloudCatalog>(state.cloudCatalogs, provider),
    }));
  },
  loadCloudCatalog: async (provider: CloudProviderId) => {
    const known = get().cloudCatalogs[provider];
    if (known) return known;
    const catalog = await api['cloud:catalog']({ provider });
    set((state) => ({ cloudCatalogs: { ...state.cloudCatalogs, [provider]: catalog } }));
    return catalog;
  },
  findCloudOrphans: async () => {
    set({ cloudOrphans: await api['cloud:orphans']({}) });
  },
  deleteCloudOrphan: async (orphan: CloudOrphan) => {
    await api['cloud:delete-orphan']({
      provider: orphan.provider,
      providerServerId: orphan.providerServerId,
    });
    set((state) => ({
      cloudOrphans: (state.cloudOrphans ?? []).filter(
        (o) => !(o.provider === orphan.provider && o.providerServerId === orphan.providerServerId),
      ),
    }));
  },
});

export const createCloudSlice: SliceCreator<CloudSlice> = (api) => (set, get) => ({
  cloudProviders: null,
  cloudProvidersError: null,
  cloudCatalogs: {},
  cloudServers: null,
  cloudServersError: null,
  cloudJobs: {},
  cloudOrphans: null,
  loadCloudProviders: async () => {
    try {
      set({ cloudProviders: await api['cloud:providers']({}), cloudProvidersError: null });
    } catch (error) {
      set({ cloudProvidersError: errorViewOf(error) });
    }
  },
  loadCloudServers: async () => {
    try {
      const servers = await api['cloud:servers']({});
      set({ cloudServers: servers, cloudServersError: null });
      await readRunningJobs(api, set, servers);
    } catch (error) {
      set({ cloudServersError: errorViewOf(error) });
    }
  },
  watchCloud: createSharedWatch(subscribeCloud(api, set)),
  createCloudServer: async (input) => startedJob(set, await api['cloud:create'](input)),
  retireCloudServer: async (nodeId) => startedJob(set, await api['cloud:retire']({ nodeId })),
  cancelCloudJob: async (jobId) => {
    const job = await api['jobs:cancel']({ id: jobId });
    set((state) => ({ cloudJobs: withJob(state.cloudJobs, job) }));
  },
  ...providerActions(api, set, get),
});
