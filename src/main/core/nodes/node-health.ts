import type { Node, NodeTest } from '@shared/contract/nodes';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { NodeConnections } from '../ssh/node-connections';
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
  const { repository, service, connections } = deps;
  const inFlight = new Map<string, { generation: number; work: Promise<NodeTest> }>();
  // Bumped when a node is edited or re-pinned: a check begun before that answers for old settings.
  const generations = new Map<string, number>();
  const generationOf = (nodeId: string) => generations.get(nodeId) ?? 0;
  const dropped = new Set<string>();
  // When each node's engine facts (version, OS, CPUs, memory) were last read: a sweep reads them
  // again only after RESOURCES_REFRESH_MS or a status change, and only liveness, latency and disk otherwise.
  const factsReadAt = new Map<string, number>();
  let isClosed = false;

  const healthOf = (node: Node, test: NodeTest) => ({
    status: node.isMaintenance ? ('maintenance' as const) : test.status,
    checkedAt: test.checkedAt,
    lastSeenAt: test.status === 'offline' ? null : test.checkedAt,
    latencyMs: test.latencyMs,
    lastError: test.error,
    resources: test.resources,
  });

  /**
   * Writes results in one transaction (one fsync for a whole sweep, not one per node), then
   * publishes. A result for settings that changed meanwhile, or for a removed node, is not written.
   */
  const record = (results: { nodeId: string; generation: number; test: NodeTest }[]): NodeTest[] => {
    if (isClosed) return results.map((r) => r.test);
    const written = repository.inTransaction(() =>
      results.map(({ nodeId, generation, test }) => {
        const node = repository.get(nodeId);
        if (!node || generation !== generationOf(nodeId)) return { nodeId, test, event: null, isWritten: false };
        const health = healthOf(node, test);
        return { nodeId, test: { ...test, status: health.status }, event: repository.recordHealth(nodeId, health), isWritten: true };
      }),
    );
    for (const entry of written) {
      if (!entry.isWritten) continue;
      service.publishEvent(entry.event);
      service.publish(entry.nodeId);
    }
    return written.map((entry) => entry.test);
  };

  const knownFacts = (node: Node): EngineFacts | null => {
    const readAt = factsReadAt.get(node.id);
    if (!node.resources || node.status !== 'online' || readAt === undefined || Date.now() - readAt > RESOURCES_REFRESH_MS) return null;
    return engineFactsOf(node.resources);
  };

  /** Runs one check of one node without writing it; concurrent requests for the same node and settings share it. */
  const probe = (nodeId: string, force: boolean, options: { signal?: AbortSignal | undefined; isFull: boolean }) => {
    const generation = generationOf(nodeId);
    const running = inFlight.get(nodeId);
    if (running?.generation === generation) return { generation, work: running.work };
    const node = service.find(nodeId);
    const known = options.isFull ? null : knownFacts(node);
    const timeout = AbortSignal.timeout(deps.checkTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const work = checkNode(node, connections, { force, signal, now: () => deps.clock.now(), known }).then((test) => {
      if (!known && test.resources) factsReadAt.set(nodeId, Date.now());
      return test;
    });
    const entry = { generation, work };
    inFlight.set(nodeId, entry);
    void work.finally(() => {
      if (inFlight.get(nodeId) === entry) inFlight.delete(nodeId);
    });
    return entry;
  };

  const check = async (nodeId: string, force: boolean, signal?: AbortSignal): Promise<NodeTest> => {
    const { generation, work } = probe(nodeId, force, { signal, isFull: true });
    return record([{ nodeId, generation, test: await work }])[0] ?? (await work);
  };

  const unsubscribe = connections.onChange((nodeId, status) => {
    if (isClosed || !repository.get(nodeId)) return;
    if (status.state === 'waiting' && status.lastError && !dropped.has(nodeId)) {
      dropped.add(nodeId);
      const node = repository.get(nodeId);
      if (node && !node.isMaintenance) {
        service.publishEvent(
          repository.recordHealth(nodeId, { status: 'offline', checkedAt: deps.clock.now().toISOString(), lastSeenAt: null, latencyMs: null, lastError: status.lastError.toData(), resources: null }),
        );
        service.publish(nodeId);
      }
    } else if (status.state === 'ready' && dropped.delete(nodeId)) {
      check(nodeId, false).catch((error: unknown) => deps.logger.warn('node check after reconnect failed', { nodeId, error: String(error) }));
    }
  });

  return {
    check,

    /** The node's settings changed: checks already running no longer count. */
    invalidate(nodeId: string) {
      generations.set(nodeId, generationOf(nodeId) + 1);
    },

    /** Every node not in maintenance, all at once, written together; returns the nodes as recorded. */
    async sweep(signal?: AbortSignal): Promise<Node[]> {
      const probes = repository
        .list()
        .filter((node) => !node.isMaintenance)
        .map((node) => ({ nodeId: node.id, ...probe(node.id, false, { signal, isFull: false }) }));
      const settled = await Promise.all(probes.map(async ({ nodeId, generation, work }) => ({ nodeId, generation, test: await work })));
      record(settled);
      return repository.list();
    },

    async close() {
      isClosed = true;
      unsubscribe();
      await Promise.allSettled([...inFlight.values()].map((entry) => entry.work));
    },
  };
}

export type NodeHealth = ReturnType<typeof createNodeHealth>;

