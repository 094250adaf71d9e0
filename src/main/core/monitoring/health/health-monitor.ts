import type { DeploymentTransition } from '@shared/contract/deployment-model';
import type { Alert } from '@shared/contract/monitoring';
import type { Clock } from '../../clock';
import type { EventBus } from '../../events/event-bus';
import type { ContainerRepository } from '../store/container-repository';
import type { EventRepository } from '../store/event-repository';
import { CRASH_WINDOW_MS, judge } from './judge';

export interface WatchedDeployment {
  id: string;
  name: string;
  nodeId: string;
  status: string;
}

export interface HealthPorts {
  watched: () => WatchedDeployment[];
  reportHealth: (id: string, isHealthy: boolean, cause: string) => void;
}

const deploymentKinds: Alert['kind'][] = ['crash-loop', 'unhealthy', 'exited'];
const isHealthFlip = (t: DeploymentTransition) =>
  (t.from === 'running' || t.from === 'degraded') && (t.to === 'running' || t.to === 'degraded');

/**
 * Turns what the containers do into the deployment's health: `degraded` with an alert while it
 * crash-loops, fails a healthcheck or has a service down; `running` again, alert resolved, once
 * it recovers. Also keeps the app's own lifecycle (and node outages) in the event history.
 */
export function createHealthMonitor(deps: {
  ports: HealthPorts;
  containers: ContainerRepository;
  events: EventRepository;
  bus: EventBus;
  clock: Clock;
  nodeName: (nodeId: string) => string;
}) {
  const { containers, events, bus } = deps;

  const raise = (alert: Parameters<EventRepository['raise']>[0]) => {
    const { alert: stored, isNew } = events.raise(alert, deps.clock.now().toISOString());
    if (isNew) bus.emit('alerts:raised', stored);
  };
  const resolve = (match: Parameters<EventRepository['resolve']>[0]) => {
    for (const alert of events.resolve(match, deps.clock.now().toISOString()))
      bus.emit('alerts:resolved', alert);
  };

  function evaluate(deploymentId: string) {
    const deployment = deps.ports.watched().find((d) => d.id === deploymentId);
    if (!deployment || (deployment.status !== 'running' && deployment.status !== 'degraded')) return;
    const current = containers.ofDeployment(deploymentId).map((c) => c.snapshot);
    const windowStart = new Date(deps.clock.now().getTime() - CRASH_WINDOW_MS).toISOString();
    const settled = events.settledAt(deploymentId);
    const since = settled && settled > windowStart ? settled : windowStart;
    const crashes = events.crashesSince(deploymentId, since);
    const verdict = judge(deployment.name, current, crashes, events.lastExit(deploymentId, since));
    if (!verdict) return;
    if (!verdict.isHealthy) {
      deps.ports.reportHealth(deploymentId, false, verdict.cause);
      raise({
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
    resolve({ kinds: deploymentKinds, deploymentId });
  }

  const offTransitions = bus.on('deployments:transitioned', (transition) => {
    const { deployment } = transition;
    const flip = isHealthFlip(transition);
    events.record([
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
      resolve({ kinds: deploymentKinds, deploymentId: deployment.id });
    bus.emit('monitoring:events-recorded', {
      nodeId: deployment.nodeId,
      deploymentIds: [deployment.id],
      count: 1,
    });
  });

  const offNodes = bus.on('nodes:status-changed', (change) => {
    const name = deps.nodeName(change.nodeId);
    const at = change.at;
    if (change.to === 'offline' && change.from !== 'offline') {
      events.record([
        {
          at,
          nodeId: change.nodeId,
          deploymentId: null,
          service: null,
          containerId: null,
          kind: 'node',
          severity: 'error',
          exitCode: null,
          source: 'app',
          message: `${name} went offline${change.message ? `: ${change.message}` : ''}`,
        },
      ]);
      raise({
        kind: 'node-offline',
        severity: 'error',
        nodeId: change.nodeId,
        deploymentId: null,
        title: `${name} is offline`,
        message: change.message ?? 'The node stopped answering.',
      });
    } else if (change.from === 'offline' && change.to !== 'offline') {
      const message = change.to === 'online' ? `${name} is back online` : `${name} is ${change.to}`;
      events.record([
        {
          at,
          nodeId: change.nodeId,
          deploymentId: null,
          service: null,
          containerId: null,
          kind: 'node',
          severity: 'success',
          exitCode: null,
          source: 'app',
          message,
        },
      ]);
      resolve({ kinds: ['node-offline'], nodeId: change.nodeId });
    } else return;
    bus.emit('monitoring:events-recorded', { nodeId: change.nodeId, deploymentIds: [], count: 1 });
  });

  const offRemoved = bus.on('nodes:changed', ({ id, node }) => {
    if (!node) resolve({ kinds: ['node-offline'], nodeId: id });
  });

  return {
    evaluate,
    raiseOom(nodeId: string, deploymentId: string, deploymentName: string, service: string) {
      raise({
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
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
