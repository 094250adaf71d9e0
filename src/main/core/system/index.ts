export { createSystemFeature } from './system-feature';
