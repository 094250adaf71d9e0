import type { CoreContext } from '../core-context';
import { createDeploymentJobs } from './deployment-jobs';
import type { DeploymentRepository } from './deployment-repository';
import type { DeploymentSecrets } from './deployment-secrets';
import { createDeploymentState } from './deployment-state';
import type { ReadinessOptions } from './docker-readiness';
import type { DeploymentPorts } from './ports';
import { createRevisionPlans } from './revision-plans';

export interface RuntimeDeps {
  context: CoreContext;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  secrets: DeploymentSecrets;
  readiness: () => ReadinessOptions;
}

/**
 * What every deployment operation shares: state transitions that are announced, plans rebuilt from a
 * stored revision, and jobs that run one at a time per node.
 */
export const createDeploymentRuntime = (deps: RuntimeDeps) => ({
  ...createDeploymentState(deps),
  ...createDeploymentJobs(deps),
  ...createRevisionPlans({ ...deps, now: () => deps.context.clock.now() }),
});

export type DeploymentRuntime = ReturnType<typeof createDeploymentRuntime>;

/** What each operation is given: the runtime, the stored deployments, the outside world, the keychain. */
export interface OperationDeps {
  runtime: DeploymentRuntime;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  secrets: DeploymentSecrets;
}
