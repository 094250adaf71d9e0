/**
 * The deployments feature's one public entry: what create-core wires and what other features may use.
 * Everything else in this folder is internal.
 */
export {
  createDeploymentsFeature,
  RECOVERY_WORKER,
  type DeploymentsFeature,
  type RouteTarget,
} from './deployments-feature';
export type { ConsoleTarget } from './console-target';
export type { DataContext, DataHold, DataTarget, DataWork } from './data-operations';
export { templateEngineForDeployments } from './template-engine-adapter';
export type { DeploymentPorts } from './ports';
export type { ReadinessOptions } from './docker-readiness';
/** Docker Compose's label names and ours, by which monitoring finds a deployment's containers. */
export { labels } from './compose-labels';
