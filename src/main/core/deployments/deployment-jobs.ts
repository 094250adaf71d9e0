import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import type { CoreContext } from '../core-context';
import type { JobContext } from '../jobs/job-runner';
import type { Deployment } from './deployment-types';
import { createKeyedLock } from '../jobs/keyed-lock';
import type { DeploymentPorts } from './ports';

/** Jobs on deployments: one at a time per deployment, and one at a time per node. */
export function createDeploymentJobs(deps: { context: CoreContext; ports: DeploymentPorts }) {
  const lock = createKeyedLock();
  const activeJobs = new Map<string, string>();

  const assertIdle = (deployment: Deployment): void => {
    if (activeJobs.has(deployment.id))
      throw new AppError(
        'conflict',
        `${deployment.name} already has an operation under way; wait for it or cancel it.`,
      );
  };

  /** Starts `work` as a job on the deployment's node, after any other operation on that node. */
  function runJob(
    deployment: Deployment,
    kind: string,
    work: (job: JobContext, docker: Docker) => Promise<void>,
  ): { deploymentId: string; jobId: string } {
    assertIdle(deployment);
    const { nodeId } = deployment;
    const job = deps.context.jobs.start(`deployment:${kind}`, deployment.id, async (job) => {
      try {
        if (lock.isBusy(nodeId)) job.progress({ step: 'Waiting for another operation on this node' });
        await lock.run(nodeId, async () => {
          job.progress({ step: 'Connecting to the node' });
          await work(job, await deps.ports.connections.docker(nodeId));
        });
      } finally {
        activeJobs.delete(deployment.id);
      }
    });
    activeJobs.set(deployment.id, job.id);
    return { deploymentId: deployment.id, jobId: job.id };
  }

  return {
    assertIdle,
    runJob,
    activeJobOf: (id: string): string | null => activeJobs.get(id) ?? null,
    hasActiveJob: (id: string): boolean => activeJobs.has(id),
    withNodeLock: <T>(nodeId: string, work: () => Promise<T>) => lock.run(nodeId, work),
  };
}
