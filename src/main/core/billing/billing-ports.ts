export interface NodeCost {
  nodeId: string;
  name: string;
  monthlyCostCents: number;
}

/** What billing needs from outside its own tables, wired by create-core. */
export interface BillingPorts {
  /** Every node with what it costs per month, in the billing currency (settings → billing). */
  nodeCosts: () => NodeCost[];
  stripe: {
    /** https://api.stripe.com, or a local fake in tests (HOSTER_STRIPE_API_BASE). */
    baseUrl: string;
    fetch?: typeof fetch;
  };
}

export const DEFAULT_STRIPE_API_BASE = 'https://api.stripe.com';

export const stripeApiBaseFromEnv = (env: NodeJS.ProcessEnv = process.env): string =>
  env.HOSTER_STRIPE_API_BASE ?? DEFAULT_STRIPE_API_BASE;
