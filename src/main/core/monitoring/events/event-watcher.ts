import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import type { NodeConnections } from '../../ssh/node-connections';
import type { ContainerRepository, ContainerSnapshot } from '../store/container-repository';
import type { EventRepository, NewEvent } from '../store/event-repository';
import {
  deploymentOf,
  describeEvent,
  eventFilters,
  isoOfNano,
  nanoOfIso,
  serviceOf,
  splitEventStream,
  type DockerEvent,
} from './docker-event';
import { recoverContainers, snapshotOf } from './recovery';

const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 60_000;
const REPLAY_TIMEOUT_MS = 10_000;
/** Whole seconds, at or before the cursor: what the second holds again is skipped by its nanoseconds. */
const secondsOf = (nano: bigint) => Number(nano / 1_000_000_000n);

export interface EventWatcherDeps {
  nodeId: string;
  db: Database;
  connections: NodeConnections;
  containers: ContainerRepository;
  events: EventRepository;
  clock: Clock;
  logger: Logger;
  /** After each batch: which deployments got events, which containers stopped (their last lines are due), what was stored. */
  onRecorded: (deploymentIds: Set<string>, stopped: string[], recorded: NewEvent[]) => void;
  onSeen: () => void;
  /**
   * Whether a deployment is this node's: another node may reach the same engine, and another
   * installation of the app may run its own deployments there; their events are not ours to record.
   */
  isOurs: (deploymentId: string) => boolean;
}

/**
 * One Docker event stream per node, filtered to our containers. It resumes after the last event
 * it stored; since the engine replays only its last 256 events, every (re)connect also inspects
 * the containers and records what changed while nobody was watching.
 */
export function createEventWatcher(deps: EventWatcherDeps) {
  const { nodeId } = deps;
  let stream: Readable | null = null;
  let isClosed = false;
  // Read through a function: the flag changes while connect() awaits.
  const hasClosed = () => isClosed;
  let isConnecting = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryDelay = RETRY_MIN_MS;
  let cursor: bigint | null = null;
  const lastPlanned = new Map<string, bigint>();
  let queue: Promise<void> = Promise.resolve();

  const saveCursor = (nano: bigint) => {
    if (cursor === null || nano > cursor) cursor = nano;
    deps.containers.setEventCursor(nodeId, String(cursor));
  };

  /**
   * Records a batch in order. Live, a `start` or `die` is inspected first for what the event lacks
   * (restart count, TTY, whether Docker restarts it); replayed, it is not: the recovery that follows compares restart counts with what
   * was stored, less the deaths the replay brought (`replayedDeaths`), to find the ones it lost.
   */
  const process = async (
    docker: Docker,
    batch: DockerEvent[],
    replayedDeaths: Map<string, number> | null,
  ) => {
    const fresh = batch.filter((event) => cursor === null || event.timeNano > cursor);
    if (fresh.length === 0) return;
    const inspected = new Map<DockerEvent, ContainerSnapshot>();
    const ours = (event: DockerEvent) => {
      const deploymentId = deploymentOf(event.attributes);
      return deploymentId !== undefined && deps.isOurs(deploymentId) ? deploymentId : null;
    };
    for (const event of fresh) {
      const isInspected = event.action === 'start' || event.action === 'die';
      if (replayedDeaths || !isInspected || !ours(event)) continue;
      try {
        const snapshot = snapshotOf(nodeId, await docker.getContainer(event.containerId).inspect());
        if (snapshot) inspected.set(event, snapshot);
      } catch {
        // Gone again already: the destroy event that follows says so.
      }
    }
    const deploymentIds = new Set<string>();
    const stopped: string[] = [];
    const recorded: NewEvent[] = [];
    const at = deps.clock.now().toISOString();
    deps.db.transaction(() => {
      for (const event of fresh) {
        const deploymentId = ours(event);
        if (!deploymentId) continue;
        if (event.action === 'kill' || event.action === 'stop')
          lastPlanned.set(event.containerId, event.timeNano);
        if (event.action === 'destroy') lastPlanned.delete(event.containerId);
        const service = serviceOf(event.attributes);
        const described = describeEvent(event, service, lastPlanned.get(event.containerId));
        if (!described) continue;
        const known = deps.containers.get(event.containerId);
        const snapshot: ContainerSnapshot = known ?? {
          containerId: event.containerId,
          nodeId,
          deploymentId,
          service,
          name: event.attributes.name ?? service,
          isTty: false,
          state: 'created',
          health: 'none',
          restartCount: 0,
          exitCode: null,
          startedAt: null,
          finishedAt: null,
          isRemoved: false,
          logCursor: null,
        };
        const { change } = described;
        const seen = inspected.get(event);
        deps.containers.save(
          seen ?? {
            ...snapshot,
            state: change.state ?? snapshot.state,
            health: change.health ?? snapshot.health,
            exitCode: change.exitCode === undefined ? snapshot.exitCode : change.exitCode,
            startedAt: change.startedAt ?? snapshot.startedAt,
            finishedAt: change.finishedAt ?? snapshot.finishedAt,
            isRemoved: change.isRemoved ?? false,
          },
          at,
        );
        recorded.push({ ...described.event, nodeId, deploymentId, source: 'docker' });
        deploymentIds.add(deploymentId);
        if (replayedDeaths && event.action === 'die' && described.isPlanned !== true) {
          replayedDeaths.set(event.containerId, (replayedDeaths.get(event.containerId) ?? 0) + 1);
        }
        if (change.state === 'exited') stopped.push(event.containerId);
      }
      deps.events.record(recorded);
      const last = fresh.at(-1);
      if (last) saveCursor(last.timeNano);
    })();
    if (recorded.length > 0) deps.onRecorded(deploymentIds, stopped, recorded);
  };

  const enqueue = (docker: Docker, batch: DockerEvent[], replayedDeaths: Map<string, number> | null) => {
    queue = queue
      .then(() => process(docker, batch, replayedDeaths))
      .catch((error: unknown) =>
        deps.logger.warn('monitoring could not record events', { nodeId, error: String(error) }),
      );
    return queue;
  };

  const readStream = (
    docker: Docker,
    source: Readable,
    replayedDeaths: Map<string, number> | null,
    onEnd: () => void,
  ) => {
    let text = '';
    source.on('data', (chunk: Buffer) => {
      deps.onSeen();
      const { events, rest } = splitEventStream(text + chunk.toString('utf8'));
      text = rest.length > 1_000_000 ? '' : rest;
      if (events.length > 0) void enqueue(docker, events, replayedDeaths);
    });
    source.once('close', onEnd);
    source.once('end', onEnd);
    source.once('error', onEnd);
  };

  /** The engine's own replay of what happened since the cursor, up to its clock's now; ends by itself. */
  const replay = async (docker: Docker, until: bigint): Promise<Map<string, number>> => {
    const deaths = new Map<string, number>();
    if (cursor === null) return deaths;
    const source = (await docker.getEvents({
      since: secondsOf(cursor),
      until: secondsOf(until) + 1,
      filters: eventFilters,
      abortSignal: AbortSignal.timeout(REPLAY_TIMEOUT_MS),
    } as Docker.GetEventsOptions)) as unknown as Readable;
    await new Promise<void>((resolve) => readStream(docker, source, deaths, resolve));
    await queue;
    return deaths;
  };

  const connect = async () => {
    if (isClosed || stream || isConnecting) return;
    isConnecting = true;
    try {
      const docker = await deps.connections.docker(nodeId);
      const info = (await docker.info()) as { SystemTime?: string };
      const nodeNow = info.SystemTime
        ? nanoOfIso(info.SystemTime)
        : BigInt(deps.clock.now().getTime()) * 1_000_000n;
      deps.onSeen();
      const stored = deps.containers.node(nodeId).eventCursor;
      cursor = stored === null ? null : BigInt(stored);
      const hadCursor = cursor !== null;
      const replayedDeaths = await replay(docker, nodeNow);
      const found = await recoverContainers({
        docker,
        nodeId,
        containers: deps.containers,
        clock: deps.clock,
        isFirstLook: !hadCursor,
        replayedDeaths,
        isOurs: deps.isOurs,
      });
      if (found.events.length > 0) deps.events.record(found.events);
      if (found.deploymentIds.size > 0) deps.onRecorded(found.deploymentIds, [], found.events);
      saveCursor(nodeNow);
      if (hasClosed()) return;
      const live = (await docker.getEvents({
        since: secondsOf(cursor ?? nodeNow),
        filters: eventFilters,
      })) as unknown as Readable;
      if (hasClosed()) {
        live.destroy();
        return;
      }
      stream = live;
      retryDelay = RETRY_MIN_MS;
      readStream(docker, live, null, () => {
        if (stream !== live) return;
        stream = null;
        live.destroy();
        scheduleRetry();
      });
    } catch (error) {
      deps.logger.info('monitoring event stream unavailable', {
        nodeId,
        error: error instanceof Error ? error.message : String(error),
      });
      scheduleRetry();
    } finally {
      isConnecting = false;
    }
  };

  const scheduleRetry = () => {
    if (isClosed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryDelay);
    retryDelay = Math.min(RETRY_MAX_MS, retryDelay * 2);
  };

  const unsubscribe = deps.connections.onChange((changed, status) => {
    if (changed !== nodeId || status.state !== 'ready' || stream || isClosed) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    retryDelay = RETRY_MIN_MS;
    void connect();
  });

  return {
    start: () => void connect(),
    isLive: () => stream !== null,
    lastEventAt: () => (cursor === null ? null : isoOfNano(cursor)),
    async close() {
      isClosed = true;
      unsubscribe();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      stream?.destroy();
      stream = null;
      await queue;
    },
  };
}

export type EventWatcher = ReturnType<typeof createEventWatcher>;
