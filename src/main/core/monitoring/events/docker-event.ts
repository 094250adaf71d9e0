import { labels } from '../../deployments';
import type { NewEvent } from '../store/event-repository';

/** The container actions the watcher asks for; `health_status` also matches `health_status: <state>`. */
export const WATCHED_ACTIONS = ['start', 'die', 'oom', 'kill', 'health_status', 'restart', 'stop', 'destroy'];
export const eventFilters = {
  type: ['container' as const],
  label: [`${labels.managed}=true`],
  event: WATCHED_ACTIONS,
};

export interface DockerEvent {
  /** Nanoseconds since the epoch, exact (JSON numbers would round it). */
  timeNano: bigint;
  action: string;
  containerId: string;
  attributes: Record<string, string>;
}

/** A kill or stop this close before a death means someone stopped it: not a crash. */
const PLANNED_WINDOW_NS = 30_000_000_000n;

/** Splits the stream's newline-separated JSON objects, keeping an incomplete last one for later. */
export function splitEventStream(buffer: string): { events: DockerEvent[]; rest: string } {
  const parts = buffer.split('\n');
  const rest = parts.pop() ?? '';
  const events: DockerEvent[] = [];
  for (const part of parts) {
    const text = part.trim();
    if (!text) continue;
    const nano = /"timeNano"\s*:\s*(\d+)/.exec(text)?.[1];
    let parsed: {
      Type?: string;
      Action?: string;
      status?: string;
      id?: string;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
    };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      continue;
    }
    const containerId = parsed.Actor?.ID ?? parsed.id;
    const action = parsed.Action ?? parsed.status;
    if (!nano || !containerId || !action || (parsed.Type !== undefined && parsed.Type !== 'container'))
      continue;
    events.push({ timeNano: BigInt(nano), action, containerId, attributes: parsed.Actor?.Attributes ?? {} });
  }
  return { events, rest };
}

export const isoOfNano = (nano: bigint): string => new Date(Number(nano / 1_000_000n)).toISOString();
/** Docker's since/until format: seconds with nine fractional digits. */
export const sinceOfNano = (nano: bigint): string =>
  `${String(nano / 1_000_000_000n)}.${String(nano % 1_000_000_000n).padStart(9, '0')}`;

export function nanoOfIso(iso: string): bigint {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(iso);
  const seconds = BigInt(Math.floor(Date.parse(`${match?.[1] ?? iso}Z`) / 1000));
  return seconds * 1_000_000_000n + BigInt((match?.[2] ?? '').padEnd(9, '0').slice(0, 9));
}

export interface Described {
  event: Omit<NewEvent, 'nodeId' | 'deploymentId' | 'source'>;
  /** A death someone asked for (a kill or stop came just before). */
  isPlanned?: boolean;
  /** What the event says about the container now. */
  change: {
    state?: string;
    health?: 'healthy' | 'unhealthy' | 'starting';
    exitCode?: number | null;
    isRemoved?: boolean;
    startedAt?: string;
    finishedAt?: string;
  };
}

interface EventBase {
  at: string;
  service: string;
  containerId: string;
  exitCode: null;
}

function describeDeath(event: DockerEvent, base: EventBase, lastPlannedAt: bigint | undefined): Described {
  const { service, at } = base;
  const exitCode = Number(event.attributes.exitCode ?? 0);
  const isPlanned = lastPlannedAt !== undefined && event.timeNano - lastPlannedAt <= PLANNED_WINDOW_NS;
  const isCrash = !isPlanned && exitCode !== 0;
  return {
    event: {
      ...base,
      exitCode,
      kind: 'die',
      severity: exitCode === 0 ? 'info' : isCrash ? 'error' : 'warning',
      message: isPlanned
        ? `${service} stopped (exit code ${exitCode})`
        : `${service} exited with code ${exitCode}`,
      crashes: isCrash ? 1 : 0,
    },
    isPlanned,
    change: { state: 'exited', exitCode, finishedAt: at },
  };
}

function describeHealth(base: EventBase, detail: string | undefined): Described {
  const { service } = base;
  const health = detail === 'healthy' || detail === 'unhealthy' ? detail : 'starting';
  const severity = health === 'healthy' ? 'success' : health === 'unhealthy' ? 'error' : 'info';
  const message =
    health === 'unhealthy' ? `${service} is failing its healthcheck` : `${service} is ${health}`;
  return { event: { ...base, kind: 'health_status', severity, message }, change: { health } };
}

/**
 * What one Docker event means, in words, with its severity; `lastPlannedAt` is the time of the
 * container's last kill or stop, which tells a crash from a stop someone asked for.
 */
export function describeEvent(
  event: DockerEvent,
  service: string,
  lastPlannedAt: bigint | undefined,
): Described | null {
  const at = isoOfNano(event.timeNano);
  const base: EventBase = { at, service, containerId: event.containerId.slice(0, 12), exitCode: null };
  const [action, detail] = event.action.split(/:\s*/, 2) as [string, string | undefined];
  switch (action) {
    case 'start':
      return {
        event: { ...base, kind: 'start', severity: 'success', message: `${service} started` },
        change: { state: 'running', startedAt: at, exitCode: null },
      };
    case 'die':
      return describeDeath(event, base, lastPlannedAt);
    case 'oom':
      return {
        event: {
          ...base,
          kind: 'oom',
          severity: 'error',
          message: `${service} ran out of memory`,
          crashes: 0,
        },
        change: {},
      };
    case 'kill':
      return {
        event: {
          ...base,
          kind: 'kill',
          severity: 'info',
          message: `${service} was sent signal ${event.attributes.signal ?? '?'}`,
        },
        change: {},
      };
    case 'stop':
      return {
        event: { ...base, kind: 'stop', severity: 'info', message: `${service} stopped` },
        change: {},
      };
    case 'restart':
      return {
        event: { ...base, kind: 'restart', severity: 'info', message: `${service} restarted` },
        change: { state: 'running', exitCode: null },
      };
    case 'destroy':
      return {
        event: { ...base, kind: 'destroy', severity: 'info', message: `${service} container removed` },
        change: { state: 'removed', isRemoved: true },
      };
    case 'health_status':
      return describeHealth(base, detail);
    default:
      return null;
  }
}

export const deploymentOf = (attributes: Record<string, string>) => attributes[labels.deployment];
export const serviceOf = (attributes: Record<string, string>) =>
  attributes[labels.service] ?? attributes.name ?? 'container';
