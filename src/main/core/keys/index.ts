export { createKeysFeature } from './keys-feature';
export { parseKeyText } from './key-material';
export type { NodesUsingKey } from './key-repository';
export type { KeyService } from './key-service';
