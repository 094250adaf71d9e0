export { createSystemFeature } from './system-feature';
export { FROM_SOURCE_REASON, noUpdates, type UpdatesPort } from './updates-port';
