import type { DockerProbe, Node, NodeStatus, NodeTest } from '@shared/contract/nodes';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { NodeConnections } from '../ssh/node-connections';
import { judgeCheck } from './health-verdict';
import { checkNode, engineFactsOf, type EngineFacts } from './node-check';
import type { NodeRepository } from './node-repository';
import type { NodeService } from './node-service';

const RESOURCES_REFRESH_MS = 5 * 60_000;

export interface NodeHealthDeps {
  repository: NodeRepository;
  service: NodeService;
  connections: NodeConnections;
  clock: Clock;
  logger: Logger;
  /** Per-node budget for one check, so one hung node never holds up a sweep. */
  checkTimeoutMs: number;
}

/**
 * Checks nodes and records what it found: status, last seen, latency, resources, and every status
 * change as a stored event. It also reacts to the shared connections: a dropped connection marks
 * the node offline at once, and the automatic reconnect that follows brings it back online.
 */
export function createNodeHealth(deps: NodeHealthDeps) {
  const { repository } = deps;
  const state = createHealthState();

  const check = async (
    nodeId: string,
    force: boolean,
    signal?: AbortSignal,
    dockerProbe?: DockerProbe | null,
  ): Promise<NodeTest> => {
    const { generation, work } = probe(deps, state, nodeId, force, { signal, isFull: true, dockerProbe });
    return record(deps, state, [{ nodeId, generation, test: await work }])[0] ?? (await work);
  };

  const unsubscribe = watchConnections(deps, state, check);

  return {
    check,

    /** The node's settings changed: checks already running no longer count. */
    invalidate(nodeId: string) {
      state.generations.set(nodeId, state.generationOf(nodeId) + 1);
    },

    /** Every node not in maintenance, all at once, written together; returns the nodes as recorded. */
    async sweep(signal?: AbortSignal): Promise<Node[]> {
      const probes = repository
        .list()
        .filter((node) => !node.isMaintenance)
        .map((node) => ({
          nodeId: node.id,
          isFirst: node.isConnecting === true,
          ...probe(deps, state, node.id, false, { signal, isFull: false }),
        }));
      const settled = await Promise.all(
        probes.map(async ({ nodeId, generation, work, isFirst }) => {
          const result = { nodeId, generation, test: await work };
          // A node's first check of this run is written as it comes: the nodes page follows each one.
          if (isFirst && !signal?.aborted) record(deps, state, [result], true);
          return { ...result, isFirst };
        }),
      );
      // A sweep cancelled (the app closing) learnt nothing about the nodes: a cut-short check is not an outage.
      if (!signal?.aborted) record(deps, state, settled.filter((result) => !result.isFirst), true);
      return repository.list();
    },

    async close() {
      state.isClosed = true;
      unsubscribe();
      await Promise.allSettled([...state.inFlight.values()].map((entry) => entry.work));
    },
  };
}

export type NodeHealth = ReturnType<typeof createNodeHealth>;

type HealthState = ReturnType<typeof createHealthState>;

function createHealthState() {
  // Bumped when a node is edited or re-pinned: a check begun before that answers for old settings.
  const generations = new Map<string, number>();
  return {
    inFlight: new Map<string, { generation: number; work: Promise<NodeTest> }>(),
    generations,
    generationOf: (nodeId: string) => generations.get(nodeId) ?? 0,
    dropped: new Set<string>(),
    // Failed periodic checks in a row, per node: one alone does not mark an online node down.
    failures: new Map<string, number>(),
    // When each node's engine facts (version, OS, CPUs, memory) were last read: a sweep reads them
    // again only after RESOURCES_REFRESH_MS or a status change, and only liveness, latency and disk otherwise.
    factsReadAt: new Map<string, number>(),
    isClosed: false,
  };
}

const healthOf = (node: Node, test: NodeTest, status: NodeStatus) => ({
  status: node.isMaintenance ? ('maintenance' as const) : status,
  checkedAt: test.checkedAt,
  lastSeenAt: test.status === 'offline' ? null : test.checkedAt,
  latencyMs: test.latencyMs,
  lastError: test.error,
  resources: test.resources,
});

/** The status a periodic check records (see health-verdict.ts); a check the user asked for counts as it is. */
function judged(state: HealthState, node: Node, test: NodeTest, isPeriodic: boolean): NodeStatus {
  // Last run's status is no reason to doubt a failed first check of this one.
  const previous = node.isConnecting ? 'unknown' : node.status;
  const verdict = judgeCheck(previous, test, state.failures.get(node.id) ?? 0);
  state.failures.set(node.id, verdict.failures);
  return isPeriodic ? verdict.status : test.status;
}

/**
 * Writes results in one transaction (one fsync for a whole sweep, not one per node), then
 * publishes. A result for settings that changed meanwhile, or for a removed node, is not written.
 */
function record(
  deps: NodeHealthDeps,
  state: HealthState,
  results: { nodeId: string; generation: number; test: NodeTest }[],
  isPeriodic = false,
): NodeTest[] {
  const { repository, service } = deps;
  if (state.isClosed) return results.map((r) => r.test);
  const written = repository.inTransaction(() =>
    results.map(({ nodeId, generation, test }) => {
      const node = repository.get(nodeId);
      if (!node || generation !== state.generationOf(nodeId))
        return { nodeId, test, event: null, isWritten: false };
      const health = healthOf(node, test, judged(state, node, test, isPeriodic));
      return {
        nodeId,
        test: { ...test, status: health.status },
        event: repository.recordHealth(nodeId, health),
        isWritten: true,
      };
    }),
  );
  for (const entry of written) {
    if (!entry.isWritten) continue;
    service.publishEvent(entry.event);
    service.publish(entry.nodeId);
  }
  return written.map((entry) => entry.test);
}

function knownFacts(state: HealthState, node: Node): EngineFacts | null {
  const readAt = state.factsReadAt.get(node.id);
  if (
    !node.resources ||
    node.status !== 'online' ||
    readAt === undefined ||
    Date.now() - readAt > RESOURCES_REFRESH_MS
  )
    return null;
  return engineFactsOf(node.resources);
}

/** Runs one check of one node without writing it; concurrent requests for the same node and settings share it. */
function probe(
  deps: NodeHealthDeps,
  state: HealthState,
  nodeId: string,
  force: boolean,
  options: {
    signal?: AbortSignal | undefined;
    isFull: boolean;
    dockerProbe?: DockerProbe | null | undefined;
  },
) {
  const { inFlight } = state;
  const generation = state.generationOf(nodeId);
  const running = inFlight.get(nodeId);
  if (running?.generation === generation) return { generation, work: running.work };
  const node = deps.service.find(nodeId);
  const known = options.isFull ? null : knownFacts(state, node);
  const timeout = AbortSignal.timeout(deps.checkTimeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const work = checkNode(node, deps.connections, {
    force,
    signal,
    now: () => deps.clock.now(),
    known,
    dockerProbe: options.dockerProbe,
  }).then((test) => {
    if (!known && test.resources) state.factsReadAt.set(nodeId, Date.now());
    return test;
  });
  const entry = { generation, work };
  inFlight.set(nodeId, entry);
  void work.finally(() => {
    if (inFlight.get(nodeId) === entry) inFlight.delete(nodeId);
  });
  return entry;
}

/** A dropped connection marks the node offline at once; the reconnect that follows checks it again. */
function watchConnections(
  deps: NodeHealthDeps,
  state: HealthState,
  check: (nodeId: string, force: boolean) => Promise<NodeTest>,
): () => void {
  const { repository, service } = deps;
  const { dropped } = state;
  return deps.connections.onChange((nodeId, status) => {
    if (state.isClosed || !repository.get(nodeId)) return;
    if (status.state === 'waiting' && status.lastError && !dropped.has(nodeId)) {
      dropped.add(nodeId);
      const node = repository.get(nodeId);
      if (node && !node.isMaintenance) {
        service.publishEvent(
          repository.recordHealth(nodeId, {
            status: 'offline',
            checkedAt: deps.clock.now().toISOString(),
            lastSeenAt: null,
            latencyMs: null,
            lastError: status.lastError.toData(),
            resources: null,
          }),
        );
        service.publish(nodeId);
      }
    } else if (status.state === 'ready' && dropped.delete(nodeId)) {
      check(nodeId, false).catch((error: unknown) =>
        deps.logger.warn('node check after reconnect failed', { nodeId, error: String(error) }),
      );
    }
  });
}
