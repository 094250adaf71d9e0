import type Docker from 'dockerode';
import type { ContainerSnapshot } from '../store/container-repository';
import type { NewEvent } from '../store/event-repository';
import { deploymentOf, describeEvent, serviceOf, type Described, type DockerEvent } from './docker-event';
import type { EventWatcherDeps } from './event-watcher';
import { snapshotOf } from './recovery';

/** What the watcher of one node remembers between batches. */
export interface WatcherContext {
  deps: EventWatcherDeps;
  state: {
    /** The newest event stored, in nanoseconds. */
    cursor: bigint | null;
    /** When each container was last killed or stopped on purpose. */
    lastPlanned: Map<string, bigint>;
  };
}

/** What one batch brought: the deployments it touched, the containers that stopped, the events stored. */
interface BatchOutcome {
  deploymentIds: Set<string>;
  stopped: string[];
  recorded: NewEvent[];
}

export function saveCursor({ deps, state }: WatcherContext, nano: bigint): void {
  if (state.cursor === null || nano > state.cursor) state.cursor = nano;
  deps.containers.setEventCursor(deps.nodeId, String(state.cursor));
}

const ownDeployment = (deps: EventWatcherDeps, event: DockerEvent): string | null => {
  const deploymentId = deploymentOf(event.attributes);
  return deploymentId !== undefined && deps.isOurs(deploymentId) ? deploymentId : null;
};

/** Live, a `start` or `die` of ours is inspected for what the event lacks (restart count, TTY, restart policy). */
async function inspectLive(
  deps: EventWatcherDeps,
  docker: Docker,
  fresh: DockerEvent[],
): Promise<Map<DockerEvent, ContainerSnapshot>> {
  const inspected = new Map<DockerEvent, ContainerSnapshot>();
  for (const event of fresh) {
    const isInspected = event.action === 'start' || event.action === 'die';
    if (!isInspected || !ownDeployment(deps, event)) continue;
    try {
      const snapshot = snapshotOf(deps.nodeId, await docker.getContainer(event.containerId).inspect());
      if (snapshot) inspected.set(event, snapshot);
    } catch {
      // Gone again already: the destroy event that follows says so.
    }
  }
  return inspected;
}

/** The container as the event leaves it, from what was stored of it (or a blank one). */
function snapshotAfter(
  deps: EventWatcherDeps,
  event: DockerEvent,
  deploymentId: string,
  service: string,
  change: Described['change'],
): ContainerSnapshot {
  const known = deps.containers.get(event.containerId);
  const snapshot: ContainerSnapshot = known ?? {
    containerId: event.containerId,
    nodeId: deps.nodeId,
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
  return {
    ...snapshot,
    state: change.state ?? snapshot.state,
    health: change.health ?? snapshot.health,
    exitCode: change.exitCode === undefined ? snapshot.exitCode : change.exitCode,
    startedAt: change.startedAt ?? snapshot.startedAt,
    finishedAt: change.finishedAt ?? snapshot.finishedAt,
    isRemoved: change.isRemoved ?? false,
  };
}

/** Stores one event of ours and the container as it leaves it; counts a replayed unplanned death. */
function recordEvent(
  ctx: WatcherContext,
  event: DockerEvent,
  seen: ContainerSnapshot | undefined,
  replayedDeaths: Map<string, number> | null,
  outcome: BatchOutcome,
  at: string,
): void {
  const { deps, state } = ctx;
  const deploymentId = ownDeployment(deps, event);
  if (!deploymentId) return;
  if (event.action === 'kill' || event.action === 'stop')
    state.lastPlanned.set(event.containerId, event.timeNano);
  if (event.action === 'destroy') state.lastPlanned.delete(event.containerId);
  const service = serviceOf(event.attributes);
  const described = describeEvent(event, service, state.lastPlanned.get(event.containerId));
  if (!described) return;
  const { change } = described;
  deps.containers.save(seen ?? snapshotAfter(deps, event, deploymentId, service, change), at);
  outcome.recorded.push({ ...described.event, nodeId: deps.nodeId, deploymentId, source: 'docker' });
  outcome.deploymentIds.add(deploymentId);
  if (replayedDeaths && event.action === 'die' && described.isPlanned !== true) {
    replayedDeaths.set(event.containerId, (replayedDeaths.get(event.containerId) ?? 0) + 1);
  }
  if (change.state === 'exited') outcome.stopped.push(event.containerId);
}

/**
 * Records a batch in order. Live, a `start` or `die` is inspected first for what the event lacks
 * (restart count, TTY, whether Docker restarts it); replayed, it is not: the recovery that follows compares restart counts with what
 * was stored, less the deaths the replay brought (`replayedDeaths`), to find the ones it lost.
 */
export async function recordBatch(
  ctx: WatcherContext,
  docker: Docker,
  batch: DockerEvent[],
  replayedDeaths: Map<string, number> | null,
): Promise<void> {
  const { deps, state } = ctx;
  const fresh = batch.filter((event) => state.cursor === null || event.timeNano > state.cursor);
  if (fresh.length === 0) return;
  const inspected = replayedDeaths
    ? new Map<DockerEvent, ContainerSnapshot>()
    : await inspectLive(deps, docker, fresh);
  const outcome: BatchOutcome = { deploymentIds: new Set(), stopped: [], recorded: [] };
  const at = deps.clock.now().toISOString();
  deps.db.transaction(() => {
    for (const event of fresh) recordEvent(ctx, event, inspected.get(event), replayedDeaths, outcome, at);
    deps.events.record(outcome.recorded);
    const last = fresh.at(-1);
    if (last) saveCursor(ctx, last.timeNano);
  })();
  if (outcome.recorded.length > 0) deps.onRecorded(outcome.deploymentIds, outcome.stopped, outcome.recorded);
}
