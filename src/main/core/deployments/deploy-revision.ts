import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { applyPlan, removeDeployment, type ApplyOptions } from './apply-plan';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, Revision } from './deployment-types';
import { takenPortOf } from './docker-engine';
import { imageDigests } from '../docker/images';
import { allocateHostPorts } from './host-ports';
import type { DeploymentPlan } from './plan-types';
import { planOf } from './revision-plans';

/**
 * Brings a deployment's latest revision up for the first time (or again after it failed): host
 * ports, the plan, the containers, `running`. A failure frees the ports and marks the deployment
 * failed; one cut off by a dropped connection leaves it as it is, for recovery to carry on.
 */
export async function deployRevision(
  deps: OperationDeps,
  deployment: Deployment,
  job: JobContext,
  docker: Docker,
): Promise<void> {
  const revision = deps.repository.currentRevision(deployment);
  if (!revision) throw new AppError('internal', `${deployment.name} has no revision to deploy.`);
  try {
    await bringUp(deps, { deployment, revision }, job, docker);
  } catch (error) {
    // A deploy cut off by a dropped connection keeps its ports and revision: it is carried on.
    if (await deps.runtime.fail(deployment.id, error)) {
      deps.repository.releaseAllocations(deployment.id);
      deps.repository.setRevisionStatus(deployment.id, revision.revision, 'failed');
    }
    throw error;
  }
}

/** How many sets of ports a first deploy tries when other programs keep taking the ones it chose. */
const PORT_ATTEMPTS = 3;

/**
 * Applies the plan; when a start finds a host port taken since it was chosen (another program, or
 * another app on the same node, bound it meanwhile), the apply has removed what it made, so the
 * ports are chosen again around it and the apply runs again. Nothing depends on these ports yet.
 */
async function applyOnFreePorts(
  docker: Docker,
  job: JobContext,
  first: DeploymentPlan,
  allocate: (avoid: ReadonlySet<number>) => Promise<DeploymentPlan>,
  options: ApplyOptions,
): Promise<DeploymentPlan> {
  const avoid = new Set<number>();
  for (let plan = first; ; plan = await allocate(avoid)) {
    try {
      await applyPlan(docker, plan, options);
      return plan;
    } catch (error) {
      const port = takenPortOf(error);
      if (port === null || avoid.size + 1 >= PORT_ATTEMPTS || job.signal.aborted) throw error;
      avoid.add(port);
      job.progress({ step: `Port ${String(port)} was taken by another program meanwhile; choosing another` });
    }
  }
}

async function bringUp(
  deps: OperationDeps,
  { deployment, revision }: { deployment: Deployment; revision: Revision },
  job: JobContext,
  docker: Docker,
): Promise<void> {
  const { runtime, repository } = deps;
  const rendered = await runtime.render(deployment, revision, revision.acceptedFindings);
  // A deployment that never ran starts from a clean slate: a killed earlier attempt may have left
  // containers behind (Docker finishes a create even after its sender died).
  if (deployment.currentRevision === null) await removeDeployment(docker, deployment.id, null, false);
  const allocate = async (avoid: ReadonlySet<number>) => {
    const grants = await allocateHostPorts(deps, deployment, rendered.compose, job.signal, { avoid });
    repository.replaceAllocations(deployment, grants);
    return planOf(deployment, revision, rendered, grants);
  };
  job.progress({ step: 'Allocating ports' });
  const first = await allocate(new Set());
  const scheduled =
    deployment.status === 'pending' ? runtime.move(deployment, 'scheduled', 'ports allocated') : deployment;
  // A start of a deployment that never ran, or a deploy resumed after a crash, is already starting.
  const starting = scheduled.status === 'starting' ? scheduled : runtime.move(scheduled, 'starting', 'deploying');
  const plan = await applyOnFreePorts(docker, job, first, allocate, runtime.applyOptions(job));
  const digests = await imageDigests(
    docker,
    plan.services.map((s) => s.image),
  );
  repository.setRevisionStatus(deployment.id, revision.revision, 'active', digests);
  repository.update(deployment.id, { currentRevision: revision.revision }, runtime.now());
  runtime.move(starting, 'running', 'all containers ready');
}
