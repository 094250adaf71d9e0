export { createSystemFeature } from './system-feature';
export { noUpdates, type UpdatesPort } from './updates-port';
