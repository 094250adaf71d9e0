import type { ApiClient } from '@shared/api-client';
import type { MethodInput, MethodOutput } from '@shared/contract';
import type {
  Alert,
  DeploymentOverview,
  FleetNode,
  MonitoringEvent,
  MonitoringUsage,
  StatsRange,
} from '@shared/contract/monitoring';
import {
  errorViewOf,
  throttleTrailing,
  type ErrorView,
  type SliceCreator,
  type SliceGet,
  type SliceSet,
} from './slice';

export type DeploymentStats = MethodOutput<'monitoring:stats'>;
export type NodeStats = MethodOutput<'monitoring:node-stats'>;
export type LogsPage = MethodOutput<'monitoring:logs'>;
export type LogsQuery = MethodInput<'monitoring:logs'>;

export interface MonitoringSlice {
  monitoringOverviews: Record<string, DeploymentOverview>;
  monitoringEvents: Record<string, { events: MonitoringEvent[]; hasMore: boolean }>;
  /** By `${deploymentId}:${range}`. */
  monitoringStats: Record<string, DeploymentStats>;
  /** By `${nodeId}:${range}`. */
  nodeStats: Record<string, NodeStats>;
  fleet: { nodes: FleetNode[]; alerts: Alert[] } | null;
  monitoringUsage: MonitoringUsage | null;
  monitoringError: ErrorView | null;
  /** Bumped whenever lines arrive for a deployment: log views fetch what they show again. */
  logsRevision: Record<string, number>;
  loadMonitoringOverview: (deploymentId: string) => Promise<void>;
  loadMonitoringEvents: (deploymentId: string) => Promise<void>;
  loadMonitoringStats: (deploymentId: string, range: StatsRange) => Promise<void>;
  loadNodeStats: (nodeId: string, range: StatsRange) => Promise<void>;
  loadFleet: () => Promise<void>;
  loadMonitoringUsage: () => Promise<void>;
  clearMonitoring: (deploymentId: string) => Promise<void>;
  dismissAlert: (id: number) => Promise<void>;
  /** Samples the deployment now (waiting at most 1.5 s); fresh data arrives as pushed events. */
  refreshMonitoring: (deploymentId: string) => Promise<void>;
  /** Tells the core what this view shows (sampled every few seconds while the lease is renewed). */
  focusMonitoring: (viewId: string, deploymentIds: string[], nodeIds: string[]) => Promise<void>;
  /** Keeps whatever monitoring data is loaded in step with pushed events; returns the unsubscribe. */
  watchMonitoring: () => () => void;
  fetchLogs: (query: LogsQuery) => Promise<LogsPage>;
  locateLog: (query: MethodInput<'monitoring:logs-locate'>) => Promise<number>;
  downloadLogs: (
    query: MethodInput<'monitoring:logs-download'>,
  ) => Promise<MethodOutput<'monitoring:logs-download'>>;
}

/** The fleet view, whose answer covers every node, is read again at most this often on pushed events. */
export const FLEET_RELOAD_MS = 3000;

const keyOf = (id: string, range: StatsRange) => `${id}:${range}`;
const splitKey = (key: string) => {
  const at = key.lastIndexOf(':');
  return { id: key.slice(0, at), range: key.slice(at + 1) as StatsRange };
};

/** Subscribes once to what keeps loaded monitoring data fresh; returns the unsubscribe. */
function subscribeMonitoring(api: ApiClient, set: SliceSet, get: SliceGet): () => void {
  const quietly = (work: Promise<void>) => {
    work.catch((error: unknown) => set({ monitoringError: errorViewOf(error) }));
  };
  // Every node's rounds push `sampled`: the fleet view is read again at most every few seconds.
  const reloadFleet = throttleTrailing(() => quietly(get().loadFleet()), FLEET_RELOAD_MS);
  const reloadStats = (
    keys: string[],
    ids: string[],
    load: (id: string, range: StatsRange) => Promise<void>,
  ) => {
    for (const key of keys) {
      const { id, range } = splitKey(key);
      if (ids.includes(id)) quietly(load(id, range));
    }
  };
  const refreshDeployments = (ids: string[], what: { events?: boolean; stats?: boolean }) => {
    const state = get();
    for (const id of ids) {
      if (state.monitoringOverviews[id]) quietly(state.loadMonitoringOverview(id));
      if (what.events && state.monitoringEvents[id]) quietly(state.loadMonitoringEvents(id));
    }
    if (what.stats) reloadStats(Object.keys(state.monitoringStats), ids, state.loadMonitoringStats);
    if (state.fleet) reloadFleet();
  };
  const bumpLogs = (deploymentId: string) =>
    set((state) => ({
      logsRevision: { ...state.logsRevision, [deploymentId]: (state.logsRevision[deploymentId] ?? 0) + 1 },
    }));
  const offs = [
    api.on('monitoring:logs-appended', ({ deploymentId }) => bumpLogs(deploymentId)),
    api.on('monitoring:events-recorded', ({ deploymentIds, nodeId }) => {
      const overviews = get().monitoringOverviews;
      const shown = Object.keys(overviews).filter((id) => overviews[id]?.reachability?.nodeId === nodeId);
      refreshDeployments([...new Set([...deploymentIds, ...shown])], { events: true });
    }),
    api.on('monitoring:sampled', ({ deploymentIds, nodeId, isNodeSampled }) => {
      refreshDeployments(deploymentIds, { stats: true });
      if (isNodeSampled) reloadStats(Object.keys(get().nodeStats), [nodeId], get().loadNodeStats);
    }),
    api.on('alerts:raised', (alert) =>
      refreshDeployments(alert.deploymentId ? [alert.deploymentId] : [], {}),
    ),
    api.on('alerts:resolved', (alert) =>
      refreshDeployments(alert.deploymentId ? [alert.deploymentId] : [], {}),
    ),
    api.on('nodes:status-changed', () => refreshDeployments(Object.keys(get().monitoringOverviews), {})),
  ];
  return () => {
    reloadFleet.cancel();
    offs.forEach((off) => off());
  };
}

type Loaders = Pick<
  MonitoringSlice,
  | 'loadMonitoringOverview'
  | 'loadMonitoringEvents'
  | 'loadMonitoringStats'
  | 'loadNodeStats'
  | 'loadFleet'
  | 'loadMonitoringUsage'
>;

const loaders = (api: ApiClient, set: SliceSet): Loaders => ({
  loadMonitoringOverview: async (deploymentId) => {
    const overview = await api['monitoring:overview']({ deploymentId });
    set((state) => ({
      monitoringOverviews: { ...state.monitoringOverviews, [deploymentId]: overview },
      monitoringError: null,
    }));
  },
  loadMonitoringEvents: async (deploymentId) => {
    const page = await api['monitoring:events']({ deploymentId, limit: 500 });
    set((state) => ({ monitoringEvents: { ...state.monitoringEvents, [deploymentId]: page } }));
  },
  loadMonitoringStats: async (deploymentId, range) => {
    const stats = await api['monitoring:stats']({ deploymentId, range });
    set((state) => ({ monitoringStats: { ...state.monitoringStats, [keyOf(deploymentId, range)]: stats } }));
  },
  loadNodeStats: async (nodeId, range) => {
    const stats = await api['monitoring:node-stats']({ nodeId, range });
    set((state) => ({ nodeStats: { ...state.nodeStats, [keyOf(nodeId, range)]: stats } }));
  },
  loadFleet: async () => {
    try {
      set({ fleet: await api['monitoring:fleet']({}), monitoringError: null });
    } catch (error) {
      set({ monitoringError: errorViewOf(error) });
    }
  },
  loadMonitoringUsage: async () => {
    try {
      set({ monitoringUsage: await api['monitoring:usage']({}), monitoringError: null });
    } catch (error) {
      set({ monitoringError: errorViewOf(error) });
    }
  },
});

type Actions = Pick<
  MonitoringSlice,
  | 'clearMonitoring'
  | 'dismissAlert'
  | 'refreshMonitoring'
  | 'focusMonitoring'
  | 'fetchLogs'
  | 'locateLog'
  | 'downloadLogs'
>;

const actions = (api: ApiClient, set: SliceSet, get: SliceGet): Actions => ({
  clearMonitoring: async (deploymentId) => {
    set({ monitoringUsage: await api['monitoring:clear']({ deploymentId }) });
  },
  dismissAlert: async (id) => {
    await api['alerts:dismiss']({ id });
    const state = get();
    if (state.fleet) await state.loadFleet();
    await Promise.all(
      Object.keys(state.monitoringOverviews).map((deploymentId) =>
        state.loadMonitoringOverview(deploymentId),
      ),
    );
  },
  refreshMonitoring: async (deploymentId) => {
    await api['monitoring:refresh']({ deploymentId });
    await get().loadMonitoringOverview(deploymentId);
  },
  focusMonitoring: async (viewId, deploymentIds, nodeIds) => {
    await api['monitoring:focus']({ viewId, deploymentIds, nodeIds });
  },
  fetchLogs: (query) => api['monitoring:logs'](query),
  locateLog: async (query) => (await api['monitoring:logs-locate'](query)).index,
  downloadLogs: (query) => api['monitoring:logs-download'](query),
});

export const createMonitoringSlice: SliceCreator<MonitoringSlice> = (api) => (set, get) => {
  let watchers = 0;
  let unsubscribe: (() => void) | null = null;
  return {
    monitoringOverviews: {},
    monitoringEvents: {},
    monitoringStats: {},
    nodeStats: {},
    fleet: null,
    monitoringUsage: null,
    monitoringError: null,
    logsRevision: {},
    ...loaders(api, set),
    ...actions(api, set, get),
    watchMonitoring: () => {
      watchers += 1;
      unsubscribe ??= subscribeMonitoring(api, set, get);
      return () => {
        watchers -= 1;
        if (watchers === 0) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
  };
};
