import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { applyPlan, removeDeployment } from './apply-plan';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, Revision } from './deployment-types';
import { imageDigests } from '../docker/images';
import { allocateHostPorts } from './host-ports';
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
  job.progress({ step: 'Allocating ports' });
  const grants = await allocateHostPorts(deps, deployment, rendered.compose, job.signal);
  repository.replaceAllocations(deployment, grants);
  const scheduled =
    deployment.status === 'pending' ? runtime.move(deployment, 'scheduled', 'ports allocated') : deployment;
  // A start of a deployment that never ran, or a deploy resumed after a crash, is already starting.
  const starting = scheduled.status === 'starting' ? scheduled : runtime.move(scheduled, 'starting', 'deploying');
  const plan = planOf(deployment, revision, rendered, grants);
  await applyPlan(docker, plan, runtime.applyOptions(job));
  const digests = await imageDigests(
    docker,
    plan.services.map((s) => s.image),
  );
  repository.setRevisionStatus(deployment.id, revision.revision, 'active', digests);
  repository.update(deployment.id, { currentRevision: revision.revision }, runtime.now());
  runtime.move(starting, 'running', 'all containers ready');
}
