import type Docker from 'dockerode';
import type { Handlers } from '@shared/contract';
import type { ServiceState } from '@shared/contract/services';
import { AppError } from '@shared/result';
import type { MethodsOf } from '../core-context';
import type { JobContext } from '../jobs/job-runner';
import { graceOf } from './container-stops';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import { listDeploymentContainers, startContainer, unlessAlready } from './docker-engine';
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

/** The service's copies in the plan (one, unless it is scaled): a service's control acts on all of them. */
function copiesIn(plan: DeploymentPlan, deployment: Deployment, service: string): ServicePlan[] {
  const copies = plan.services.filter((s) => s.service === service);
  if (copies.length === 0)
    throw new AppError('not_found', `${deployment.name} has no service named ${service}.`, {
      field: 'service',
    });
  return copies;
}

const isContainerOf = (copy: ServicePlan) => (container: { Names: string[] }) =>
  container.Names.includes(`/${copy.containerName}`);

/** Each copy's container on the node, by name; a copy with none is made again only by a start of the whole app. */
async function containersOf(docker: Docker, deploymentId: string, copies: ServicePlan[]) {
  const containers = await listDeploymentContainers(docker, deploymentId);
  return copies.map((copy) => {
    const found = containers.find(isContainerOf(copy));
    if (!found)
      throw new AppError(
        'not_found',
        `${copy.containerName} has no container on the node; start the whole app to make it again.`,
      );
    return { copy, id: found.Id };
  });
}

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
  step: { verb: Verb; service: string; done: string },
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
        `${verb} of ${service} failed: ${error instanceof Error ? error.message : String(error)}`,
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
  target: { job: JobContext; docker: Docker; deploymentId: string; copies: ServicePlan[] },
  act: (container: { copy: ServicePlan; id: string }) => Promise<void>,
) {
  const { job, docker, deploymentId, copies } = target;
  const service = copies[0]?.service ?? '';
  const containers = await containersOf(docker, deploymentId, copies);
  deps.holds.hold(deploymentId, service, deps.runtime.now());
  try {
    for (const container of containers) await act(container);
    const { readiness, signal } = deps.runtime.applyOptions(job);
    job.progress({ step: `Waiting for ${service} to be ready` });
    for (const { copy, id } of containers) await waitReady(docker, copy, id, readiness, signal);
  } finally {
    deps.holds.release(deploymentId, service);
  }
}

export async function restartService(deps: ServiceDeps, id: string, name: string) {
  const deployment = deps.runtime.load(id);
  const plan = await activePlan(deps, deployment, 'restart');
  const copies = copiesIn(plan, deployment, name);
  const done = `${name} restarted`;
  return runServiceJob(deps, deployment, { verb: 'restart', service: name, done }, (job, docker) =>
    bringUp(deps, { job, docker, deploymentId: id, copies }, async ({ copy, id: containerId }) => {
      job.progress({ step: `Restarting ${copy.containerName} (waiting up to ${graceOf(copy)} s for it to stop)` });
      await docker.getContainer(containerId).restart({ t: graceOf(copy) });
    }),
  );
}

export async function startService(deps: ServiceDeps, id: string, name: string) {
  const deployment = deps.runtime.load(id);
  const plan = await activePlan(deps, deployment, 'start');
  const copies = copiesIn(plan, deployment, name);
  return runServiceJob(deps, deployment, { verb: 'start', service: name, done: `${name} started` }, (job, docker) =>
    bringUp(deps, { job, docker, deploymentId: id, copies }, async ({ copy, id: containerId }) => {
      job.progress({ step: `Starting ${copy.containerName}` });
      await startContainer(docker, containerId);
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
  const copies = copiesIn(plan, deployment, name);
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
    { verb: 'stop', service: name, done: `${name} stopped by the user` },
    async (job, docker) => {
      const containers = await containersOf(docker, id, copies);
      // Held before it stops, so its death is never judged a failure of the app.
      deps.holds.hold(id, name, deps.runtime.now());
      try {
        for (const { copy, id: containerId } of containers) {
          job.progress({ step: `Stopping ${copy.containerName} (waiting up to ${graceOf(copy)} s)` });
          await docker.getContainer(containerId).stop({ t: graceOf(copy) }).catch(unlessAlready);
        }
      } catch (error) {
        deps.holds.release(id, name);
        throw error;
      }
    },
  );
}

/** The worst of the copies' health: one unhealthy copy makes the service unhealthy. */
const worstHealth = (healths: ServiceState['health'][]): ServiceState['health'] =>
  (['unhealthy', 'starting', 'healthy'] as const).find((health) => healths.includes(health)) ?? null;

/** Each service of the active revision with its containers (one per copy) as the node has them now. */
export async function listServices(deps: ServiceDeps, id: string): Promise<ServiceState[]> {
  const deployment = deps.runtime.load(id);
  const revision = deps.repository.activeRevision(deployment) ?? deps.repository.currentRevision(deployment);
  if (!revision) return [];
  const plan = await deps.runtime.planFor(deployment, revision);
  const containers = await listDeploymentContainers(await deps.ports.connections.docker(deployment.nodeId), id);
  const held = new Set(deps.holds.of(id));
  const names = [...new Set(plan.services.map((s) => s.service))];
  return names.map((name) => {
    const copies = plan.services.filter((s) => s.service === name);
    const found = copies.map((copy) => containers.find(isContainerOf(copy)));
    const states = found.map((container) => container?.State ?? 'missing');
    const statuses = found.map((container) => container?.Status ?? 'no container on the node');
    return {
      service: name,
      image: copies[0]?.image ?? '',
      copies: copies.length,
      // One word for all the copies: theirs when they agree, else the first that is not running.
      state: states.find((state) => state !== 'running') ?? 'running',
      health: worstHealth(found.map((container) => (container ? healthOf(container.Status) : null))),
      status: copies.length === 1 ? (statuses[0] ?? '') : statuses.map((text, i) => `#${String(i + 1)}: ${text}`).join('; '),
      isStoppedByUser: held.has(name),
      dependents: dependentsOf(plan, name),
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
