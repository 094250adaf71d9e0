export { createMonitoringFeature, type MonitoringPorts } from './monitoring-feature';
export type { AttentionPort } from './sampling/pace';
