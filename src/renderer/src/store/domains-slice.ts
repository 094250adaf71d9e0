import type { ApiClient } from '@shared/api-client';
import type { MethodInput } from '@shared/contract';
import type { BasicAuth, DnsCheck, Domain, NodeProxy } from '@shared/contract/domains';
import type { Job } from '@shared/contract/jobs';
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

export interface DomainsSlice {
  /** By deployment id: its domains, oldest first; a deployment whose list was never loaded is absent. */
  domains: Record<string, Domain[]>;
  /** By deployment id: why its list could not be loaded. */
  domainsErrors: Record<string, ErrorView>;
  /** By node id: the proxy that serves the node's domains. */
  nodeProxies: Record<string, NodeProxy>;
  nodeProxyErrors: Record<string, ErrorView>;
  /** By deployment id: the progress of the domain job started on it last (proxy, route, certificate). */
  domainJobs: Record<string, JobFeed>;
  loadDomains: (deploymentId: string) => Promise<void>;
  loadNodeProxy: (nodeId: string) => Promise<void>;
  /** These throw the AppError, so the dialog or button that called them can show it where it happened. */
  addDomain: (input: MethodInput<'domains:add'>) => Promise<Domain>;
  removeDomain: (id: string) => Promise<void>;
  setDomainAuth: (id: string, basicAuth: BasicAuth | null) => Promise<void>;
  checkDns: (input: MethodInput<'domains:check-dns'>) => Promise<DnsCheck>;
  /** Start the proxy's upgrade or removal job; its progress arrives as `domains:proxy-changed`. */
  upgradeProxy: (nodeId: string) => Promise<void>;
  removeProxy: (nodeId: string) => Promise<void>;
  /** Keeps loaded domains, proxies and domain jobs in step with pushed events; returns the unsubscribe. */
  watchDomains: () => () => void;
}

/** Puts a domain's latest state in its deployment's list, last when the list did not have it. */
export function applyDomain(list: Domain[] | undefined, domain: Domain): Domain[] {
  const known = list ?? [];
  return known.some((d) => d.id === domain.id)
    ? known.map((d) => (d.id === domain.id ? domain : d))
    : [...known, domain];
}

export const withoutDomain = (list: Domain[], id: string): Domain[] => list.filter((d) => d.id !== id);

/** Whether a job reported by `jobs:changed` is about domains: the core names their kinds `domain…`. */
export const isDomainJob = (job: Job): boolean => job.kind.startsWith('domain');

interface DomainParts {
  api: ApiClient;
  set: SliceSet;
  get: SliceGet;
  /** Job id → deployment id, for the jobs this window started or has seen. */
  jobTargets: Map<string, string>;
  setJob: (deploymentId: string, job: Job) => void;
}

/** The deployment a domain job is about: one this window started, or one whose target it knows. */
function deploymentOfJob({ get, jobTargets }: DomainParts, job: Job): string | undefined {
  const tracked = jobTargets.get(job.id);
  if (tracked !== undefined || !isDomainJob(job) || job.target === null) return tracked;
  const { domains } = get();
  if (domains[job.target]) return job.target;
  return Object.values(domains)
    .flat()
    .find((d) => d.id === job.target)?.deploymentId;
}

function subscribeDomains(parts: DomainParts): () => void {
  const { api, set, get, jobTargets, setJob } = parts;
  const offs = [
    api.on('domains:changed', (domain) =>
      set((state) =>
        state.domains[domain.deploymentId]
          ? {
              domains: {
                ...state.domains,
                [domain.deploymentId]: applyDomain(state.domains[domain.deploymentId], domain),
              },
            }
          : {},
      ),
    ),
    api.on('domains:removed', ({ id, deploymentId }) =>
      set((state) => {
        const list = state.domains[deploymentId];
        return list ? { domains: { ...state.domains, [deploymentId]: withoutDomain(list, id) } } : {};
      }),
    ),
    api.on('domains:proxy-changed', (proxy) =>
      set((state) => ({ nodeProxies: { ...state.nodeProxies, [proxy.nodeId]: proxy } })),
    ),
    api.on('jobs:changed', (job) => {
      const deploymentId = deploymentOfJob(parts, job);
      if (deploymentId === undefined) return;
      setJob(deploymentId, job);
      if (!isJobDone(job)) {
        jobTargets.set(job.id, deploymentId);
        return;
      }
      jobTargets.delete(job.id);
      // What the job settled (route, certificate, error) is read back, should an event have been missed.
      if (get().domains[deploymentId]) void get().loadDomains(deploymentId);
    }),
  ];
  return () => offs.forEach((off) => off());
}

type Loaders = Pick<DomainsSlice, 'loadDomains' | 'loadNodeProxy'>;

const loaders = ({ api, set }: DomainParts): Loaders => ({
  loadDomains: async (deploymentId) => {
    try {
      const list = await api['domains:list']({ deploymentId });
      set((state) => ({
        domains: { ...state.domains, [deploymentId]: list },
        domainsErrors: withoutKey(state.domainsErrors, deploymentId),
      }));
    } catch (error) {
      set((state) => ({ domainsErrors: { ...state.domainsErrors, [deploymentId]: errorViewOf(error) } }));
    }
  },
  loadNodeProxy: async (nodeId) => {
    try {
      const proxy = await api['domains:proxy']({ nodeId });
      set((state) => ({
        nodeProxies: { ...state.nodeProxies, [nodeId]: proxy },
        nodeProxyErrors: withoutKey(state.nodeProxyErrors, nodeId),
      }));
    } catch (error) {
      set((state) => ({ nodeProxyErrors: { ...state.nodeProxyErrors, [nodeId]: errorViewOf(error) } }));
    }
  },
});

type Actions = Pick<
  DomainsSlice,
  'addDomain' | 'removeDomain' | 'setDomainAuth' | 'checkDns' | 'upgradeProxy' | 'removeProxy'
>;

const actions = ({ api, set, jobTargets, setJob }: DomainParts): Actions => ({
  addDomain: async (input) => {
    const { domain, jobId } = await api['domains:add'](input);
    jobTargets.set(jobId, domain.deploymentId);
    set((state) => ({
      domains: {
        ...state.domains,
        [domain.deploymentId]: applyDomain(state.domains[domain.deploymentId], domain),
      },
    }));
    setJob(domain.deploymentId, await api['jobs:get']({ id: jobId }));
    return domain;
  },
  removeDomain: async (id) => {
    const removed = await api['domains:remove']({ id });
    set((state) => ({
      domains: Object.fromEntries(
        Object.entries(state.domains).map(([deploymentId, list]) => [
          deploymentId,
          withoutDomain(list, removed.id),
        ]),
      ),
    }));
  },
  setDomainAuth: async (id, basicAuth) => {
    const domain = await api['domains:set-auth']({ id, basicAuth });
    set((state) => ({
      domains: {
        ...state.domains,
        [domain.deploymentId]: applyDomain(state.domains[domain.deploymentId], domain),
      },
    }));
  },
  checkDns: (input) => api['domains:check-dns'](input),
  upgradeProxy: async (nodeId) => {
    await api['domains:proxy-upgrade']({ nodeId });
  },
  removeProxy: async (nodeId) => {
    await api['domains:proxy-remove']({ nodeId });
  },
});

export const createDomainsSlice: SliceCreator<DomainsSlice> = (api) => (set, get) => {
  const parts: DomainParts = {
    api,
    set,
    get,
    jobTargets: new Map(),
    setJob: (deploymentId, job) =>
      set((state) => ({
        domainJobs: {
          ...state.domainJobs,
          [deploymentId]: applyJobChange(state.domainJobs[deploymentId], job),
        },
      })),
  };
  return {
    domains: {},
    domainsErrors: {},
    nodeProxies: {},
    nodeProxyErrors: {},
    domainJobs: {},
    ...loaders(parts),
    ...actions(parts),
    // The deployment page and the node page may both watch; one subscription serves them all.
    watchDomains: createSharedWatch(() => subscribeDomains(parts)),
  };
};
