import type { ApiClient } from '@shared/api-client';
import type {
  HostKeyScan,
  Node,
  NodeEvent,
  NodeFields,
  NodeTest,
  SshConfigHost,
} from '@shared/contract/nodes';
import { errorViewOf, type ErrorView, type SliceCreator, type SliceSet } from './slice';

export interface NodesSlice {
  nodes: Node[] | null;
  nodesError: ErrorView | null;
  /** The last test of each node run from this window, for its detail view. */
  nodeTests: Record<string, NodeTest>;
  nodeEvents: Record<string, NodeEvent[]>;
  loadNodes: () => Promise<void>;
  /** Keeps nodes, tests and status events in step with the core (health worker, other windows). */
  watchNodes: () => () => void;
  loadNodeEvents: (id: string) => Promise<void>;
  /** The rest throw the AppError, so the dialog or button that called them can show it where it happened. */
  scanHostKey: (host: string, port: number, jumpNodeId: string | null) => Promise<HostKeyScan>;
  addNode: (fields: NodeFields & { hostKeyFingerprint: string }) => Promise<{ node: Node; test: NodeTest }>;
  updateNode: (id: string, patch: Partial<NodeFields>) => Promise<Node>;
  pinHostKey: (id: string, fingerprint: string) => Promise<void>;
  testNode: (id: string) => Promise<NodeTest>;
  setMaintenance: (id: string, isMaintenance: boolean) => Promise<void>;
  removeNode: (id: string) => Promise<void>;
  checkAllNodes: () => Promise<void>;
  sshConfigHosts: () => Promise<SshConfigHost[]>;
}

/** A test run before an edit or a re-pin says nothing about the node as it is now. */
const withoutTest = (tests: Record<string, NodeTest>, id: string) =>
  Object.fromEntries(Object.entries(tests).filter(([key]) => key !== id));

const upsert = (nodes: Node[] | null, node: Node): Node[] => {
  const list = nodes ?? [];
  return list.some((n) => n.id === node.id)
    ? list.map((n) => (n.id === node.id ? node : n))
    : [...list, node];
};

const watchNodes = (api: ApiClient, set: SliceSet) => () => {
  const offChanged = api.on('nodes:changed', ({ id, node }) =>
    set((state) => ({
      nodes: node ? upsert(state.nodes, node) : (state.nodes ?? []).filter((n) => n.id !== id),
    })),
  );
  const offStatus = api.on('nodes:status-changed', (event) =>
    set((state) => {
      const known = state.nodeEvents[event.nodeId];
      return known ? { nodeEvents: { ...state.nodeEvents, [event.nodeId]: [event, ...known] } } : {};
    }),
  );
  return () => {
    offChanged();
    offStatus();
  };
};

export const createNodesSlice: SliceCreator<NodesSlice> = (api) => (set, get) => ({
  nodes: null,
  nodesError: null,
  nodeTests: {},
  nodeEvents: {},
  loadNodes: async () => {
    try {
      set({ nodes: await api['nodes:list']({}), nodesError: null });
    } catch (error) {
      set({ nodesError: errorViewOf(error) });
    }
  },
  watchNodes: watchNodes(api, set),
  loadNodeEvents: async (id) => {
    const events = await api['nodes:events']({ id, limit: 50 });
    set((state) => ({ nodeEvents: { ...state.nodeEvents, [id]: events } }));
  },
  scanHostKey: (host, port, jumpNodeId) => api['nodes:scan-host-key']({ host, port, jumpNodeId }),
  addNode: async (fields) => {
    const result = await api['nodes:add'](fields);
    set((state) => ({
      nodes: upsert(state.nodes, result.node),
      nodeTests: { ...state.nodeTests, [result.node.id]: result.test },
    }));
    return result;
  },
  updateNode: async (id, patch) => {
    const node = await api['nodes:update']({ id, ...patch });
    set((state) => ({ nodes: upsert(state.nodes, node), nodeTests: withoutTest(state.nodeTests, id) }));
    return node;
  },
  pinHostKey: async (id, fingerprint) => {
    const node = await api['nodes:pin-host-key']({ id, fingerprint });
    set((state) => ({ nodes: upsert(state.nodes, node), nodeTests: withoutTest(state.nodeTests, id) }));
  },
  testNode: async (id) => {
    const test = await api['nodes:test']({ id });
    set((state) => ({ nodeTests: { ...state.nodeTests, [id]: test } }));
    const node = await api['nodes:get']({ id });
    set((state) => ({ nodes: upsert(state.nodes, node) }));
    return test;
  },
  setMaintenance: async (id, isMaintenance) => {
    const node = await api['nodes:set-maintenance']({ id, isMaintenance });
    set((state) => ({ nodes: upsert(state.nodes, node) }));
  },
  removeNode: async (id) => {
    await api['nodes:remove']({ id });
    set({ nodes: (get().nodes ?? []).filter((n) => n.id !== id) });
  },
  checkAllNodes: async () => {
    set({ nodes: await api['nodes:check-all']({}) });
  },
  sshConfigHosts: () => api['nodes:ssh-config-hosts']({}),
});
