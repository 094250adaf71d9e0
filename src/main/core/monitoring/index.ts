export { createMonitoringFeature, type MonitoringPorts } from './monitoring-feature';
