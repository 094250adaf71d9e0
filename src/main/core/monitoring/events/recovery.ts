import type Docker from 'dockerode';
import type { ContainerState } from '@shared/contract/monitoring';
import type { Clock } from '../../clock';
import { labels } from '../../deployments';
import type { ContainerRepository, ContainerSnapshot } from '../store/container-repository';
import type { NewEvent } from '../store/event-repository';
import { eventFilters } from './docker-event';

/** Docker's "zero" time for a container that never started or never stopped. */
const isSet = (time: string | undefined) =>
  time && !time.startsWith('0001-') ? new Date(time).toISOString() : null;

const healthOf = (status: string | undefined): ContainerState['health'] =>
  status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none';

/** A container of ours as `docker inspect` describes it; null for one without our deployment label. */
export function snapshotOf(nodeId: string, info: Docker.ContainerInspectInfo): ContainerSnapshot | null {
  const containerLabels = info.Config.Labels;
  const deploymentId = containerLabels[labels.deployment];
  if (!deploymentId) return null;
  return {
    containerId: info.Id,
    nodeId,
    deploymentId,
    service: containerLabels[labels.service] ?? info.Name.replace(/^\//, ''),
    name: info.Name.replace(/^\//, ''),
    isTty: info.Config.Tty,
    state: info.State.Status,
    health: healthOf(info.State.Health?.Status),
    restartCount: info.RestartCount,
    exitCode: info.State.Running ? null : info.State.ExitCode,
    startedAt: isSet(info.State.StartedAt),
    finishedAt: isSet(info.State.FinishedAt),
    isRemoved: false,
    logCursor: null,
  };
}

/** Exit codes of SIGTERM and SIGKILL: what a stop leaves, not a crash. */
const isStopCode = (code: number | null) => code === 0 || code === 143 || code === 137;

type RecoveredEvent = Omit<NewEvent, 'nodeId' | 'deploymentId' | 'service' | 'containerId' | 'source'>;

/** A restart, death or start that happened unseen, from the stored container and the inspected one. */
function stateChangeWhileAway(
  found: ContainerSnapshot,
  before: ContainerSnapshot | null,
  replayedDeaths: number,
  now: string,
): RecoveredEvent | null {
  const restarts = found.restartCount - (before?.restartCount ?? 0) - replayedDeaths;
  if (before && restarts > 0) {
    const exit = found.exitCode ?? before.exitCode;
    return {
      at: found.finishedAt ?? now,
      kind: 'restart',
      severity: 'error',
      exitCode: exit,
      crashes: restarts,
      message: `${found.service} restarted ${restarts} time${restarts === 1 ? '' : 's'} while the node was not watched${exit === null ? '' : ` (last exit code ${exit})`}`,
    };
  }
  if (before?.state === 'running' && found.state !== 'running')
    return {
      at: found.finishedAt ?? now,
      kind: 'die',
      severity: isStopCode(found.exitCode) ? 'warning' : 'error',
      exitCode: found.exitCode,
      crashes: isStopCode(found.exitCode) ? 0 : 1,
      message: `${found.service} stopped while the node was not watched (exit code ${String(found.exitCode)})`,
    };
  if ((!before || before.state !== 'running') && found.state === 'running')
    return {
      at: found.startedAt ?? now,
      kind: 'start',
      severity: 'success',
      exitCode: null,
      message: `${found.service} started while the node was not watched`,
    };
  return null;
}

/** A healthcheck that turned healthy or unhealthy unseen. */
function healthChangeWhileAway(
  found: ContainerSnapshot,
  before: ContainerSnapshot | null,
  now: string,
): RecoveredEvent | null {
  if (!before || before.health === found.health) return null;
  if (found.health !== 'healthy' && found.health !== 'unhealthy') return null;
  return {
    at: now,
    kind: 'health_status',
    severity: found.health === 'healthy' ? 'success' : 'error',
    exitCode: null,
    message:
      found.health === 'healthy'
        ? `${found.service} is healthy`
        : `${found.service} is failing its healthcheck`,
  };
}

async function inspectOrNull(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo | null> {
  try {
    return await docker.getContainer(id).inspect();
  } catch {
    return null;
  }
}

/**
 * Inspects every container of ours on the node and compares it with what was stored, recording
 * what happened while the event stream was away and the engine's replay did not bring back:
 * restarts (a crash loop shows as a rising count), deaths, starts, health changes, removals.
 * The first look at a node only takes stock.
 */
export async function recoverContainers(deps: {
  docker: Docker;
  nodeId: string;
  containers: ContainerRepository;
  clock: Clock;
  isFirstLook: boolean;
  replayedDeaths: Map<string, number>;
  isOurs: (deploymentId: string) => boolean;
}) {
  const { docker, nodeId } = deps;
  const now = deps.clock.now().toISOString();
  const listed = await docker.listContainers({ all: true, filters: { label: eventFilters.label } });
  const events: NewEvent[] = [];
  const deploymentIds = new Set<string>();
  const seen = new Set<string>();
  for (const item of listed) {
    const info = await inspectOrNull(docker, item.Id);
    if (!info) continue;
    const found = snapshotOf(nodeId, info);
    if (!found || !deps.isOurs(found.deploymentId)) continue;
    seen.add(found.containerId);
    const before = deps.containers.get(found.containerId);
    deps.containers.save(found, now);
    if (deps.isFirstLook) continue;
    const replayed = deps.replayedDeaths.get(found.containerId) ?? 0;
    for (const event of [
      stateChangeWhileAway(found, before, replayed, now),
      healthChangeWhileAway(found, before, now),
    ]) {
      if (!event) continue;
      events.push({
        nodeId,
        deploymentId: found.deploymentId,
        service: found.service,
        containerId: found.containerId.slice(0, 12),
        source: 'recovery',
        ...event,
      });
      deploymentIds.add(found.deploymentId);
    }
  }
  for (const gone of deps.containers.onNode(nodeId)) {
    if (seen.has(gone.containerId)) continue;
    deps.containers.save({ ...gone, state: 'removed', isRemoved: true }, now);
    if (!deps.isFirstLook) deploymentIds.add(gone.deploymentId);
  }
  return { events, deploymentIds };
}
