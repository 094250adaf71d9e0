import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { removeDeployment, startContainers } from './apply-plan';
import { stopContainers } from './container-stops';
import { checkStored } from './deployable';
import type { OperationDeps } from './deployment-runtime';
import { imagesOfOthers, imagesOnlyUsedBy, removeImageReferences } from './deployment-images';
import type { Deployment, Revision } from './deployment-types';
import { deployRevision } from './deploy-revision';
import { deploymentVolumes } from './docker-engine';
import type { DeploymentPlan } from './plan-types';
import { assertTransition } from './state-machine';

export const deleteCause = (deleteData: boolean) =>
  deleteData ? 'delete with data' : 'delete, keeping data';

/** Start and restart create containers again from a stored revision: what it asks of the node must still be accepted. */
function acceptRevision(
  deps: OperationDeps,
  deployment: Deployment,
  revision: Revision,
  given: readonly string[],
) {
  const accepted = checkStored(deps.ports, {
    subject: deployment.name,
    template: revision.template,
    nodeId: deployment.nodeId,
    accepted: { before: revision.acceptedFindings, given },
  });
  if (accepted.join('\n') !== revision.acceptedFindings.join('\n'))
    deps.repository.setAcceptedFindings(deployment.id, revision.revision, accepted);
  return accepted;
}

interface ContainerStep {
  kind: string;
  /** The status while the containers change, and the cause recorded. */
  during: [DeploymentStatus, string];
  after: [DeploymentStatus, string];
  /** Set when containers may be created: the finding keys they may use. */
  accepted?: readonly string[];
  work: (plan: DeploymentPlan, job: JobContext, docker: Docker) => Promise<void>;
}

/**
 * Records the intent (the `during` status) at once, so a crash finds it, then a job that changes the
 * revision's containers to the `after` status; a failure marks the deployment failed. A deployment
 * already in `during` is an operation resumed after a crash.
 */
function runContainerStep(
  deps: OperationDeps,
  deployment: Deployment,
  revision: Revision,
  step: ContainerStep,
) {
  const { runtime } = deps;
  runtime.assertIdle(deployment);
  const during =
    deployment.status === step.during[0] ? deployment : runtime.move(deployment, ...step.during);
  return runtime.runJob(during, step.kind, async (job, docker) => {
    try {
      await step.work(await runtime.planFor(during, revision, step.accepted), job, docker);
    } catch (error) {
      await runtime.fail(deployment.id, error);
      throw error;
    }
    runtime.move(runtime.load(deployment.id), ...step.after);
  });
}

/** Start and restart: containers come up from the active revision, under what is accepted now. */
const bringUpStep = (
  deps: OperationDeps,
  step: {
    deployment: Deployment;
    revision: Revision;
    acceptFindings: readonly string[];
    kind: 'start' | 'restart';
  },
  work: ContainerStep['work'],
) =>
  runContainerStep(deps, step.deployment, step.revision, {
    kind: step.kind,
    during: ['starting', `${step.kind} requested`],
    after: ['running', 'all containers ready'],
    accepted: acceptRevision(deps, step.deployment, step.revision, step.acceptFindings),
    work,
  });

/** Brings the revision's containers up; on failure stops what it started, reporting the start's own error. */
const startWork =
  (deps: OperationDeps): ContainerStep['work'] =>
  async (plan, job, docker) => {
    try {
      await startContainers(docker, plan, deps.runtime.applyOptions(job));
    } catch (error) {
      // A container this cannot stop is stopped by the next stop.
      await stopContainers(docker, plan, new AbortController().signal).catch(() => undefined);
      throw error;
    }
  };

/** Deploys again, from its last revision, a deployment that never came up (failed, or resumed after a crash). */
function redeploy(deps: OperationDeps, deployment: Deployment) {
  const { runtime } = deps;
  runtime.assertIdle(deployment);
  if (deployment.status === 'failed') runtime.move(deployment, 'starting', 'start requested');
  return runtime.runJob(deployment, 'deploy', (job, docker) =>
    deployRevision(deps, runtime.load(deployment.id), job, docker),
  );
}

export function start(deps: OperationDeps, id: string, acceptFindings: readonly string[] = []) {
  const { runtime, repository } = deps;
  const deployment = runtime.load(id);
  assertTransition(deployment.status, 'starting', deployment.name);
  const revision = repository.activeRevision(deployment);
  if (!revision) {
    const last = repository.currentRevision(deployment);
    if (last) acceptRevision(deps, deployment, last, acceptFindings);
    return redeploy(deps, deployment);
  }
  return bringUpStep(deps, { deployment, revision, acceptFindings, kind: 'start' }, startWork(deps));
}

/**
 * A deploy, start or restart the app was killed during, carried on: a deployment that never ran is
 * deployed from a clean slate, one that ran has its containers brought up (and made again if missing).
 */
export function resumeStart(deps: OperationDeps, deployment: Deployment) {
  const revision = deps.repository.activeRevision(deployment);
  if (!revision) return redeploy(deps, deployment);
  return runContainerStep(deps, deployment, revision, {
    kind: 'start',
    during: ['starting', 'start requested'],
    after: ['running', 'all containers ready'],
    accepted: revision.acceptedFindings,
    work: startWork(deps),
  });
}

export function stop(deps: OperationDeps, id: string) {
  const deployment = deps.runtime.load(id);
  assertTransition(deployment.status, 'stopping', deployment.name);
  const revision = deps.repository.activeRevision(deployment);
  if (!revision) throw new AppError('conflict', `${deployment.name} has nothing running to stop.`);
  return runContainerStep(deps, deployment, revision, {
    kind: 'stop',
    during: ['stopping', 'stop requested'],
    after: ['stopped', 'all containers stopped'],
    work: async (plan, job, docker) => {
      job.progress({ step: 'Stopping containers' });
      await stopContainers(docker, plan, job.signal, (step) => job.progress({ step }));
    },
  });
}

export function restart(deps: OperationDeps, id: string, acceptFindings: readonly string[] = []) {
  const deployment = deps.runtime.load(id);
  assertTransition(deployment.status, 'starting', deployment.name);
  const revision = deps.repository.activeRevision(deployment);
  if (!revision)
    throw new AppError('conflict', `${deployment.name} has nothing to restart; start it instead.`);
  return bringUpStep(
    deps,
    { deployment, revision, acceptFindings, kind: 'restart' },
    async (plan, job, docker) => {
      job.progress({ step: 'Stopping containers' });
      await stopContainers(docker, plan, job.signal, (step) => job.progress({ step }));
      await startContainers(docker, plan, deps.runtime.applyOptions(job));
    },
  );
}

/** The plan to delete by, when one can still be made; without it, what carries the deployment's labels goes. */
export const planToDelete = async (
  deps: OperationDeps,
  deployment: Deployment,
): Promise<DeploymentPlan | null> => {
  const revision = deps.repository.activeRevision(deployment) ?? deps.repository.currentRevision(deployment);
  // A revision that no longer renders (a secret gone from the keychain) is deleted by its labels alone.
  return revision ? deps.runtime.planFor(deployment, revision).catch(() => null) : null;
};

export function remove(deps: OperationDeps, id: string, deleteData: boolean, removeImages = false) {
  const { runtime } = deps;
  const deployment = runtime.load(id);
  assertTransition(deployment.status, 'deleting', deployment.name);
  runtime.assertIdle(deployment);
  const deleting = runtime.move(deployment, 'deleting', deleteCause(deleteData));
  return runtime.runJob(deleting, 'delete', async (job, docker) => {
    const plan = await planToDelete(deps, deleting);
    const kept = imagesOfOthers(deps.repository, deleting);
    const images = removeImages ? await imagesOnlyUsedBy(docker, id, kept) : [];
    job.progress({
      step: deleteData ? 'Removing containers, network and volumes' : 'Removing containers and network',
    });
    try {
      await removeDeployment(docker, id, plan, deleteData);
      if (images.length > 0) job.progress({ step: `Removing ${images.length} unused image(s)` });
      await removeImageReferences(docker, images);
    } catch (error) {
      await runtime.fail(id, error);
      throw error;
    }
    await finishDelete(deps, deleting);
  });
}

/** The node holds nothing of the deployment any more: free its ports and secrets, and say so. */
export async function finishDelete(deps: OperationDeps, deployment: Deployment): Promise<void> {
  deps.repository.releaseAllocations(deployment.id);
  // The deployment is gone from the node either way; a keychain entry left behind holds nothing anyone reads.
  await deps.secrets.remove(deployment.id).catch(() => undefined);
  deps.runtime.move(deployment, 'deleted', 'everything removed from the node');
}

export async function images(deps: OperationDeps, id: string) {
  const deployment = deps.runtime.load(id);
  const docker = await deps.ports.connections.docker(deployment.nodeId);
  return imagesOnlyUsedBy(docker, id, imagesOfOthers(deps.repository, deployment));
}

export async function volumes(deps: OperationDeps, id: string) {
  const deployment = deps.runtime.load(id);
  return deploymentVolumes(await deps.ports.connections.docker(deployment.nodeId), id);
}

/**
 * Monitoring's verdict on a running deployment: crash-looping or unhealthy containers make it
 * `degraded`, recovery makes it `running` again. Ignored while an operation is under way.
 */
export function reportHealth(deps: OperationDeps, id: string, isHealthy: boolean, cause: string): void {
  const deployment = deps.repository.get(id);
  if (!deployment || deps.runtime.hasActiveJob(id)) return;
  if (isHealthy && deployment.status === 'degraded') deps.runtime.move(deployment, 'running', cause);
  if (!isHealthy && deployment.status === 'running') deps.runtime.move(deployment, 'degraded', cause);
}
