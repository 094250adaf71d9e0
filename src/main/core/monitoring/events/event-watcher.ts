import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import type { NodeConnections } from '../../ssh/node-connections';
import type { ContainerRepository } from '../store/container-repository';
import type { EventRepository, NewEvent } from '../store/event-repository';
import { eventFilters, isoOfNano, nanoOfIso, splitEventStream, type DockerEvent } from './docker-event';
import { recordBatch, saveCursor, type WatcherContext } from './record-batch';
import { recoverContainers } from './recovery';

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

/** The connection to the node's event stream: at most one, retried with a growing pause. */
interface Link {
  stream: Readable | null;
  isClosed: boolean;
  isConnecting: boolean;
  retryTimer: NodeJS.Timeout | null;
  retryDelay: number;
  /** Batches are recorded one after the other, in the order they came. */
  queue: Promise<void>;
}

// Read through a function: the flag changes while connect() awaits.
const hasClosed = (link: Link) => link.isClosed;

function enqueue(
  ctx: WatcherContext,
  link: Link,
  docker: Docker,
  batch: DockerEvent[],
  replayedDeaths: Map<string, number> | null,
): Promise<void> {
  link.queue = link.queue
    .then(() => recordBatch(ctx, docker, batch, replayedDeaths))
    .catch((error: unknown) =>
      ctx.deps.logger.warn('monitoring could not record events', {
        nodeId: ctx.deps.nodeId,
        error: String(error),
      }),
    );
  return link.queue;
}

function readStream(
  ctx: WatcherContext,
  link: Link,
  docker: Docker,
  source: Readable,
  replayedDeaths: Map<string, number> | null,
  onEnd: () => void,
): void {
  let text = '';
  source.on('data', (chunk: Buffer) => {
    ctx.deps.onSeen();
    const { events, rest } = splitEventStream(text + chunk.toString('utf8'));
    text = rest.length > 1_000_000 ? '' : rest;
    if (events.length > 0) void enqueue(ctx, link, docker, events, replayedDeaths);
  });
  source.once('close', onEnd);
  source.once('end', onEnd);
  source.once('error', onEnd);
}

/** The engine's own replay of what happened since the cursor, up to its clock's now; ends by itself. */
async function replay(
  ctx: WatcherContext,
  link: Link,
  docker: Docker,
  until: bigint,
): Promise<Map<string, number>> {
  const deaths = new Map<string, number>();
  const { cursor } = ctx.state;
  if (cursor === null) return deaths;
  const source = (await docker.getEvents({
    since: secondsOf(cursor),
    until: secondsOf(until) + 1,
    filters: eventFilters,
    abortSignal: AbortSignal.timeout(REPLAY_TIMEOUT_MS),
  } as Docker.GetEventsOptions)) as unknown as Readable;
  await new Promise<void>((resolve) => readStream(ctx, link, docker, source, deaths, resolve));
  await link.queue;
  return deaths;
}

/** Catches up after a (re)connect: the engine's replay, then what recovery finds; returns the node's now. */
async function catchUp(ctx: WatcherContext, link: Link, docker: Docker): Promise<bigint> {
  const { deps, state } = ctx;
  const info = (await docker.info()) as { SystemTime?: string };
  const nodeNow = info.SystemTime
    ? nanoOfIso(info.SystemTime)
    : BigInt(deps.clock.now().getTime()) * 1_000_000n;
  deps.onSeen();
  const stored = deps.containers.node(deps.nodeId).eventCursor;
  state.cursor = stored === null ? null : BigInt(stored);
  const hadCursor = state.cursor !== null;
  const replayedDeaths = await replay(ctx, link, docker, nodeNow);
  const found = await recoverContainers({
    docker,
    nodeId: deps.nodeId,
    containers: deps.containers,
    clock: deps.clock,
    isFirstLook: !hadCursor,
    replayedDeaths,
    isOurs: deps.isOurs,
  });
  if (found.events.length > 0) deps.events.record(found.events);
  if (found.deploymentIds.size > 0) deps.onRecorded(found.deploymentIds, [], found.events);
  saveCursor(ctx, nodeNow);
  return nodeNow;
}

/** Follows the live stream from the cursor on; when it ends, connects again after a pause. */
async function goLive(ctx: WatcherContext, link: Link, docker: Docker, nodeNow: bigint): Promise<void> {
  const live = (await docker.getEvents({
    since: secondsOf(ctx.state.cursor ?? nodeNow),
    filters: eventFilters,
  })) as unknown as Readable;
  if (hasClosed(link)) {
    live.destroy();
    return;
  }
  link.stream = live;
  link.retryDelay = RETRY_MIN_MS;
  readStream(ctx, link, docker, live, null, () => {
    if (link.stream !== live) return;
    link.stream = null;
    live.destroy();
    scheduleRetry(ctx, link);
  });
}

async function connect(ctx: WatcherContext, link: Link): Promise<void> {
  if (link.isClosed || link.stream || link.isConnecting) return;
  link.isConnecting = true;
  try {
    const docker = await ctx.deps.connections.docker(ctx.deps.nodeId);
    const nodeNow = await catchUp(ctx, link, docker);
    if (hasClosed(link)) return;
    await goLive(ctx, link, docker, nodeNow);
  } catch (error) {
    ctx.deps.logger.info('monitoring event stream unavailable', {
      nodeId: ctx.deps.nodeId,
      error: error instanceof Error ? error.message : String(error),
    });
    scheduleRetry(ctx, link);
  } finally {
    link.isConnecting = false;
  }
}

function scheduleRetry(ctx: WatcherContext, link: Link): void {
  if (link.isClosed || link.retryTimer) return;
  link.retryTimer = setTimeout(() => {
    link.retryTimer = null;
    void connect(ctx, link);
  }, link.retryDelay);
  link.retryDelay = Math.min(RETRY_MAX_MS, link.retryDelay * 2);
}

/**
 * One Docker event stream per node, filtered to our containers. It resumes after the last event
 * it stored; since the engine replays only its last 256 events, every (re)connect also inspects
 * the containers and records what changed while nobody was watching.
 */
export function createEventWatcher(deps: EventWatcherDeps) {
  const ctx: WatcherContext = { deps, state: { cursor: null, lastPlanned: new Map() } };
  const link: Link = {
    stream: null,
    isClosed: false,
    isConnecting: false,
    retryTimer: null,
    retryDelay: RETRY_MIN_MS,
    queue: Promise.resolve(),
  };

  const unsubscribe = deps.connections.onChange((changed, status) => {
    if (changed !== deps.nodeId || status.state !== 'ready' || link.stream || link.isClosed) return;
    if (link.retryTimer) clearTimeout(link.retryTimer);
    link.retryTimer = null;
    link.retryDelay = RETRY_MIN_MS;
    void connect(ctx, link);
  });

  return {
    start: () => void connect(ctx, link),
    isLive: () => link.stream !== null,
    lastEventAt: () => (ctx.state.cursor === null ? null : isoOfNano(ctx.state.cursor)),
    async close() {
      link.isClosed = true;
      unsubscribe();
      if (link.retryTimer) clearTimeout(link.retryTimer);
      link.retryTimer = null;
      link.stream?.destroy();
      link.stream = null;
      await link.queue;
    },
  };
}

export type EventWatcher = ReturnType<typeof createEventWatcher>;
