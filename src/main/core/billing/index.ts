export { createBillingFeature } from './billing-feature';
export { stripeApiBaseFromEnv, type BillingPorts, type NodeCost } from './billing-ports';
