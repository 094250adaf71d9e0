import type { DeploymentTransition } from '@shared/contract/deployment-model';
import type { EventPayload } from '@shared/contract';
import type { Alert } from '@shared/contract/monitoring';
import type { Clock } from '../../clock';
import type { EventBus } from '../../events/event-bus';
import type { ContainerRepository } from '../store/container-repository';
import type { EventRepository, NewEvent } from '../store/event-repository';
import { CRASH_WINDOW_MS, judge } from './judge';

export interface WatchedDeployment {
  id: string;
  name: string;
  nodeId: string;
  status: string;
  /** Services the user stopped on their own: a stopped container of theirs is not a failure. */
  heldServices?: readonly string[];
}

export interface HealthPorts {
  watched: () => WatchedDeployment[];
  reportHealth: (id: string, isHealthy: boolean, cause: string) => void;
}

const deploymentKinds: Alert['kind'][] = ['crash-loop', 'unhealthy', 'exited'];
const isHealthFlip = (t: DeploymentTransition) =>
  (t.from === 'running' || t.from === 'degraded') && (t.to === 'running' || t.to === 'degraded');

interface HealthDeps {
  ports: HealthPorts;
  containers: ContainerRepository;
  events: EventRepository;
  bus: EventBus;
  clock: Clock;
  nodeName: (nodeId: string) => string;
}

type NodeStatusChange = EventPayload<'nodes:status-changed'>;

function raise(deps: HealthDeps, alert: Parameters<EventRepository['raise']>[0]): void {
  const { alert: stored, isNew } = deps.events.raise(alert, deps.clock.now().toISOString());
  if (isNew) deps.bus.emit('alerts:raised', stored);
}

function resolve(deps: HealthDeps, match: Parameters<EventRepository['resolve']>[0]): void {
  for (const alert of deps.events.resolve(match, deps.clock.now().toISOString()))
    deps.bus.emit('alerts:resolved', alert);
}

/** Judges a running (or degraded) deployment by its containers and recent crashes, and says so. */
function evaluate(deps: HealthDeps, deploymentId: string): void {
  const { containers, events } = deps;
  const deployment = deps.ports.watched().find((d) => d.id === deploymentId);
  if (!deployment || (deployment.status !== 'running' && deployment.status !== 'degraded')) return;
  const held = deployment.heldServices ?? [];
  const current = containers
    .ofDeployment(deploymentId)
    .map((c) => c.snapshot)
    .filter((c) => !held.includes(c.service));
  const windowStart = new Date(deps.clock.now().getTime() - CRASH_WINDOW_MS).toISOString();
  const settled = events.settledAt(deploymentId);
  const since = settled && settled > windowStart ? settled : windowStart;
  const crashes = events.crashesSince(deploymentId, since);
  const verdict = judge(deployment.name, current, crashes, events.lastExit(deploymentId, since));
  if (!verdict) return;
  if (!verdict.isHealthy) {
    deps.ports.reportHealth(deploymentId, false, verdict.cause);
    raise(deps, {
      kind: verdict.kind,
      severity: 'error',
      nodeId: deployment.nodeId,
      deploymentId,
      title: verdict.title,
      message: verdict.cause,
    });
    return;
  }
  deps.ports.reportHealth(deploymentId, true, `recovered: ${verdict.cause}`);
  resolve(deps, { kinds: deploymentKinds, deploymentId });
}

/** The app's own transitions go into the history; stopping or deleting resolves the deployment's alerts. */
function recordTransition(deps: HealthDeps, transition: DeploymentTransition): void {
  const { deployment } = transition;
  const flip = isHealthFlip(transition);
  deps.events.record([
    {
      at: transition.at,
      nodeId: deployment.nodeId,
      deploymentId: deployment.id,
      service: null,
      containerId: null,
      kind: flip ? 'health' : 'lifecycle',
      severity:
        transition.to === 'failed' || transition.to === 'degraded'
          ? 'error'
          : transition.to === 'running'
            ? 'success'
            : 'info',
      message: `${transition.from ?? 'new'} → ${transition.to}: ${transition.cause}`,
      exitCode: null,
      source: 'app',
    },
  ]);
  if (['stopped', 'deleted', 'failed', 'stopping', 'deleting'].includes(transition.to))
    resolve(deps, { kinds: deploymentKinds, deploymentId: deployment.id });
  deps.bus.emit('monitoring:events-recorded', {
    nodeId: deployment.nodeId,
    deploymentIds: [deployment.id],
    count: 1,
  });
}

const nodeEvent = (change: NodeStatusChange, severity: 'error' | 'success', message: string): NewEvent => ({
  at: change.at,
  nodeId: change.nodeId,
  deploymentId: null,
  service: null,
  containerId: null,
  kind: 'node',
  severity,
  exitCode: null,
  source: 'app',
  message,
});

/** A node going offline raises an alert, coming back resolves it; both go into the history. */
function recordNodeStatus(deps: HealthDeps, change: NodeStatusChange): void {
  const name = deps.nodeName(change.nodeId);
  if (change.to === 'offline' && change.from !== 'offline') {
    deps.events.record([
      nodeEvent(change, 'error', `${name} went offline${change.message ? `: ${change.message}` : ''}`),
    ]);
    raise(deps, {
      kind: 'node-offline',
      severity: 'error',
      nodeId: change.nodeId,
      deploymentId: null,
      title: `${name} is offline`,
      message: change.message ?? 'The node stopped answering.',
    });
  } else if (change.from === 'offline' && change.to !== 'offline') {
    const message = change.to === 'online' ? `${name} is back online` : `${name} is ${change.to}`;
    deps.events.record([nodeEvent(change, 'success', message)]);
    resolve(deps, { kinds: ['node-offline'], nodeId: change.nodeId });
  } else return;
  deps.bus.emit('monitoring:events-recorded', { nodeId: change.nodeId, deploymentIds: [], count: 1 });
}

/** A certificate this close to its expiry, still not renewed, raises a warning. */
export const CERTIFICATE_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * A domain whose certificate failed, or is close to expiring, raises an alert on its deployment;
 * one served with a fresh certificate resolves it. A removed domain takes its alert with it.
 */
function recordCertificate(deps: HealthDeps, domain: EventPayload<'domains:changed'>): void {
  const { nodeId, deploymentId, hostname, certificate } = domain;
  const daysLeft = certificate ? (Date.parse(certificate.notAfter) - deps.clock.now().getTime()) / DAY_MS : null;
  if (domain.status === 'failed')
    raise(deps, {
      kind: 'certificate',
      severity: 'error',
      nodeId,
      deploymentId,
      title: `No certificate for ${hostname}`,
      message: domain.error ?? 'The certificate could not be obtained.',
    });
  else if (daysLeft !== null && daysLeft < CERTIFICATE_WARNING_DAYS)
    raise(deps, {
      kind: 'certificate',
      severity: 'warning',
      nodeId,
      deploymentId,
      title: `The certificate for ${hostname} expires in ${String(Math.max(0, Math.floor(daysLeft)))} days`,
      message: `It was not renewed; it expires on ${certificate?.notAfter.slice(0, 10) ?? ''}. Check that ports 80 and 443 still reach the node.`,
    });
  else if (domain.status === 'active') resolve(deps, { kinds: ['certificate'], deploymentId });
}

/** A failed or stale backup raises an alert on its deployment; the next good backup resolves it. */
function recordBackupHealth(deps: HealthDeps, health: EventPayload<'backups:health'>): void {
  const { deploymentId, nodeId, title, message } = health;
  if (health.state === 'ok') resolve(deps, { kinds: ['backup'], deploymentId });
  else raise(deps, { kind: 'backup', severity: health.state === 'failed' ? 'error' : 'warning', nodeId, deploymentId, title, message });
}

/**
 * Turns what the containers do into the deployment's health: `degraded` with an alert while it
 * crash-loops, fails a healthcheck or has a service down; `running` again, alert resolved, once
 * it recovers. Also keeps the app's own lifecycle (and node outages) in the event history.
 */
export function createHealthMonitor(deps: HealthDeps) {
  const { bus } = deps;
  const offTransitions = bus.on('deployments:transitioned', (transition) =>
    recordTransition(deps, transition),
  );
  const offNodes = bus.on('nodes:status-changed', (change) => recordNodeStatus(deps, change));
  const offRemoved = bus.on('nodes:changed', ({ id, node }) => {
    if (!node) resolve(deps, { kinds: ['node-offline'], nodeId: id });
  });
  const offDomains = bus.on('domains:changed', (domain) => recordCertificate(deps, domain));
  const offDomainGone = bus.on('domains:removed', ({ deploymentId }) =>
    resolve(deps, { kinds: ['certificate'], deploymentId }),
  );
  const offBackups = bus.on('backups:health', (health) => recordBackupHealth(deps, health));

  return {
    evaluate: (deploymentId: string) => evaluate(deps, deploymentId),
    raiseOom(nodeId: string, deploymentId: string, deploymentName: string, service: string) {
      raise(deps, {
        kind: 'oom',
        severity: 'warning',
        nodeId,
        deploymentId,
        title: `${deploymentName}: ${service} ran out of memory`,
        message: `${service} was killed for using more memory than it may.`,
      });
    },
    close() {
      offTransitions();
      offNodes();
      offRemoved();
      offDomains();
      offDomainGone();
      offBackups();
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
