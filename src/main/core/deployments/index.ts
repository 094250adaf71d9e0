export { labels } from './compose-labels';
export { createDeploymentsFeature, type DeploymentsFeature } from './deployments-feature';
export type { DeploymentPorts } from './ports';
export { templateEngineForDeployments } from './template-engine-adapter';
