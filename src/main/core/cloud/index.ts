export { createCloudFeature } from './cloud-feature';
export type { CloudPorts } from './ports';
export { cloudApiBasesFromEnv, cloudProviders, type CloudProvidersOptions } from './providers';
export type { ReadinessTimings } from './readiness';
