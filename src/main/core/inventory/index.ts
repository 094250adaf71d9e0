export { createInventoryFeature, type InventoryFeature } from './inventory-feature';
export type { InventoryPorts, KnownDeployment } from './ports';
