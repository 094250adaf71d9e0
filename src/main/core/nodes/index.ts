export { createNodeDirectory, type NodeDirectory } from './node-directory';
export { createNodesFeature, type NodesFeatureOptions } from './nodes-feature';
