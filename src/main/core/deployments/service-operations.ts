import type Docker from 'dockerode';
import type { Handlers } from '@shared/contract';
import type { ServiceState } from '@shared/contract/services';
import { AppError } from '@shared/result';
import type { MethodsOf } from '../core-context';
import type { JobContext } from '../jobs/job-runner';
import { labels } from './compose-labels';
import { graceOf } from './container-stops';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import { listDeploymentContainers } from './docker-engine';
import { waitReady } from './docker-readiness';
import type { DeploymentPlan, ServicePlan } from './plan-types';
import { requireReachable } from './reachability';
import type { ServiceHolds } from './service-holds';

export type ServiceDeps = OperationDeps & { holds: ServiceHolds };
type Verb = 'restart' | 'stop' | 'start';

const dependentsOf = (plan: DeploymentPlan, service: string) =>
  plan.services.filter((s) => service in s.dependsOn).map((s) => s.service);

const healthOf = (status: string): ServiceState['health'] => {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status)?.[1];
  if (match === 'healthy' || match === 'unhealthy') return match;
  return match === undefined ? null : 'starting';
};

/** The plan of the deployment's active revision, for a deployment that is up and not busy. */
async function activePlan(deps: ServiceDeps, deployment: Deployment, verb: Verb): Promise<DeploymentPlan> {
  if (deployment.status !== 'running' && deployment.status !== 'degraded')
    throw new AppError(
      'conflict',
      `${deployment.name} is ${deployment.status}: a single service can ${verb} only while the app runs. Start the app instead.`,
    );
  deps.runtime.assertIdle(deployment);
  const revision = deps.repository.activeRevision(deployment);
  if (!revision) throw new AppError('conflict', `${deployment.name} has never run; start it instead.`);
  return deps.runtime.planFor(deployment, revision);
}

function serviceIn(plan: DeploymentPlan, deployment: Deployment, service: string): ServicePlan {
  const found = plan.services.find((s) => s.service === service);
  if (!found)
    throw new AppError('not_found', `${deployment.name} has no service named ${service}.`, {
      field: 'service',
    });
  return found;
}

async function containerOf(docker: Docker, deploymentId: string, service: string) {
  const found = (await listDeploymentContainers(docker, deploymentId)).find(
    (c) => c.Labels[labels.service] === service,
  );
  if (!found)
    throw new AppError(
      'not_found',
      `${service} has no container on the node; start the whole app to make it again.`,
    );
  return found;
}

/** Docker answers 304 for a container already in the state asked for: that is what was asked. */
const unlessAlready = (error: unknown) => {
  if ((error as { statusCode?: number }).statusCode !== 304) throw error;
};

/** A line in the deployment's history, under its status, and every window told to look again. */
function note(deps: ServiceDeps, id: string, cause: string) {
  const deployment = deps.runtime.load(id);
  deps.repository.recordChange(id, deployment.status, cause, deps.runtime.now());
  deps.runtime.announceChanged(deployment);
}

/** Runs one service's change as a job on the deployment; the outcome, either way, goes in the history. */
function runServiceJob(
  deps: ServiceDeps,
  deployment: Deployment,
  step: { verb: Verb; service: ServicePlan; done: string },
  work: (job: JobContext, docker: Docker) => Promise<void>,
) {
  const { verb, service } = step;
  return deps.runtime.runJob(deployment, `service-${verb}`, async (job, docker) => {
    try {
      await work(job, docker);
    } catch (error) {
      note(
        deps,
        deployment.id,
        `${verb} of ${service.service} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    }
    note(deps, deployment.id, step.done);
  });
}

/**
 * Started (or restarted) and waited for as a deploy waits: healthy, or up and stable. Held while it
 * comes up, so monitoring does not judge the app by a container the user is bringing up; released
 * after, up or not, so a service that failed to come up counts against the app again.
 */
async function bringUp(
  deps: ServiceDeps,
  target: { job: JobContext; docker: Docker; deploymentId: string; service: ServicePlan },
  act: (containerId: string) => Promise<void>,
) {
  const { job, docker, deploymentId, service } = target;
  const container = await containerOf(docker, deploymentId, service.service);
  deps.holds.hold(deploymentId, service.service, deps.runtime.now());
  try {
    await act(container.Id);
    const { readiness, signal } = deps.runtime.applyOptions(job);
    job.progress({ step: `Waiting for ${service.service} to be ready` });
    await waitReady(docker, service, container.Id, readiness, signal);
  } finally {
    deps.holds.release(deploymentId, service.service);
  }
}

export async function restartService(deps: ServiceDeps, id: string, name: string) {
  const deployment = deps.runtime.load(id);
  const plan = await activePlan(deps, deployment, 'restart');
  const service = serviceIn(plan, deployment, name);
  const done = `${name} restarted`;
  return runServiceJob(deps, deployment, { verb: 'restart', service, done }, (job, docker) =>
    bringUp(deps, { job, docker, deploymentId: id, service }, async (containerId) => {
      job.progress({ step: `Restarting ${name} (waiting up to ${graceOf(service)} s for it to stop)` });
      await docker.getContainer(containerId).restart({ t: graceOf(service) });
    }),
  );
}

export async function startService(deps: ServiceDeps, id: string, name: string) {
  const deployment = deps.runtime.load(id);
  const plan = await activePlan(deps, deployment, 'start');
  const service = serviceIn(plan, deployment, name);
  return runServiceJob(deps, deployment, { verb: 'start', service, done: `${name} started` }, (job, docker) =>
    bringUp(deps, { job, docker, deploymentId: id, service }, async (containerId) => {
      job.progress({ step: `Starting ${name}` });
      await docker.getContainer(containerId).start().catch(unlessAlready);
    }),
  );
}

/**
 * Stops one service and holds it down: the deployment stays running without it; its health and
 * reconciliation leave it be until the user starts it (or the whole app) again. The last service
 * that keeps running is refused: stopping it is stopping the app.
 */
export async function stopService(deps: ServiceDeps, id: string, name: string) {
  const deployment = deps.runtime.load(id);
  const plan = await activePlan(deps, deployment, 'stop');
  const service = serviceIn(plan, deployment, name);
  const held = new Set([...deps.holds.of(id), name]);
  // A one-shot others wait on to complete does not keep the app up on its own.
  const oneShots = new Set(
    plan.services.flatMap((s) =>
      Object.entries(s.dependsOn)
        .filter(([, condition]) => condition === 'service_completed_successfully')
        .map(([dependency]) => dependency),
    ),
  );
  if (plan.services.every((s) => held.has(s.service) || oneShots.has(s.service)))
    throw new AppError(
      'conflict',
      `${name} is the last service of ${deployment.name} still up: stop the app instead.`,
    );
  return runServiceJob(
    deps,
    deployment,
    { verb: 'stop', service, done: `${name} stopped by the user` },
    async (job, docker) => {
      const container = await containerOf(docker, id, name);
      // Held before it stops, so its death is never judged a failure of the app.
      deps.holds.hold(id, name, deps.runtime.now());
      job.progress({ step: `Stopping ${name} (waiting up to ${graceOf(service)} s)` });
      try {
        await docker
          .getContainer(container.Id)
          .stop({ t: graceOf(service) })
          .catch(unlessAlready);
      } catch (error) {
        deps.holds.release(id, name);
        throw error;
      }
    },
  );
}

/** Each service of the active revision with its container as the node has it now. */
export async function listServices(deps: ServiceDeps, id: string): Promise<ServiceState[]> {
  const deployment = deps.runtime.load(id);
  const revision = deps.repository.activeRevision(deployment) ?? deps.repository.currentRevision(deployment);
  if (!revision) return [];
  const plan = await deps.runtime.planFor(deployment, revision);
  const containers = await listDeploymentContainers(
    await deps.ports.connections.docker(deployment.nodeId),
    id,
  );
  const held = new Set(deps.holds.of(id));
  return plan.services.map((s) => {
    const container = containers.find((c) => c.Labels[labels.service] === s.service);
    return {
      service: s.service,
      image: s.image,
      state: container?.State ?? 'missing',
      health: container ? healthOf(container.Status) : null,
      status: container?.Status ?? 'no container on the node',
      isStoppedByUser: held.has(s.service),
      dependents: dependentsOf(plan, s.service),
    };
  });
}

/** The `services:*` contract methods; each needs the deployment's node in reach, refused at once otherwise. */
export const serviceHandlers = (deps: ServiceDeps): Pick<Handlers, MethodsOf<'services'>> => {
  const onNode = <T>(id: string, act: () => T): T => {
    requireReachable(deps.ports, deps.runtime.load(id));
    return act();
  };
  return {
    'services:list': ({ id }) => onNode(id, () => listServices(deps, id)),
    'services:restart': ({ id, service }) => onNode(id, () => restartService(deps, id, service)),
    'services:stop': ({ id, service }) => onNode(id, () => stopService(deps, id, service)),
    'services:start': ({ id, service }) => onNode(id, () => startService(deps, id, service)),
  };
};
