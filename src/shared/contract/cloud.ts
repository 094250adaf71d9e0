import { z } from 'zod';
import { method } from './define';
import { jobSchema } from './jobs';

/** The providers the app can create servers at; each is one file behind one interface in the core. */
export const cloudProviderIdSchema = z.enum(['digitalocean', 'hetzner']);
export type CloudProviderId = z.infer<typeof cloudProviderIdSchema>;

/** Who a saved token belongs to, as the provider says when the token is checked. */
export const cloudAccountSchema = z.object({
  /** "ops@example.com" at DigitalOcean; "Hetzner Cloud project" where the API names no account. */
  label: z.string(),
  /** "Up to 10 servers", or what else the provider tells of the account. */
  detail: z.string().nullable(),
  checkedAt: z.string(),
});
export type CloudAccount = z.infer<typeof cloudAccountSchema>;

export const cloudProviderStatusSchema = z.object({
  provider: cloudProviderIdSchema,
  name: z.string(),
  /** A token is kept in the keychain for this provider. */
  hasToken: z.boolean(),
  account: cloudAccountSchema.nullable(),
});
export type CloudProviderStatus = z.infer<typeof cloudProviderStatusSchema>;

export const cloudRegionSchema = z.object({ id: z.string(), label: z.string() });
export type CloudRegion = z.infer<typeof cloudRegionSchema>;

export const cloudSizeSchema = z.object({
  id: z.string(),
  label: z.string(),
  cpus: z.number().int().positive(),
  memoryMb: z.number().int().positive(),
  diskGb: z.number().int().nonnegative(),
  /** The provider's own monthly price, in cents of `currency`. */
  monthlyPriceCents: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** The regions it can be created in. */
  regions: z.array(z.string()),
  /** Where the price differs by region (Hetzner's US locations), the price in each; `monthlyPriceCents` is the lowest. */
  regionPrices: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type CloudSize = z.infer<typeof cloudSizeSchema>;

/** What a size costs per month in a region: that region's own price where the provider's prices differ. */
export const sizePriceIn = (size: Pick<CloudSize, 'monthlyPriceCents' | 'regionPrices'>, region: string): number =>
  size.regionPrices?.[region] ?? size.monthlyPriceCents;

export const cloudImageSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The distribution, for the packages cloud-init installs Docker from. */
  distribution: z.enum(['debian', 'ubuntu']),
});
export type CloudImage = z.infer<typeof cloudImageSchema>;

export const cloudCatalogSchema = z.object({
  provider: cloudProviderIdSchema,
  regions: z.array(cloudRegionSchema),
  sizes: z.array(cloudSizeSchema),
  /** Only the images whose packages the app knows how to install Docker from. */
  images: z.array(cloudImageSchema),
});
export type CloudCatalog = z.infer<typeof cloudCatalogSchema>;

/** Where a create stands: created at the provider → booted → answering SSH with the pinned key → Docker → a node. */
export const cloudStepSchema = z.enum(['requested', 'created', 'booted', 'ssh', 'docker', 'added']);
export type CloudStep = z.infer<typeof cloudStepSchema>;

export const cloudServerStatusSchema = z.enum(['creating', 'ready', 'failed', 'retiring', 'retired']);
export type CloudServerStatus = z.infer<typeof cloudServerStatusSchema>;

/** A server this app created (or is creating) at a provider. */
export const cloudServerSchema = z.object({
  id: z.string(),
  provider: cloudProviderIdSchema,
  /** The provider's id, once its create answered. */
  providerServerId: z.string().nullable(),
  name: z.string(),
  region: z.string(),
  size: z.string(),
  image: z.string(),
  monthlyPriceCents: z.number().int().nonnegative(),
  currency: z.string(),
  status: cloudServerStatusSchema,
  step: cloudStepSchema,
  ipv4: z.string().nullable(),
  /** The host key the app generated for it, pinned before the first connection. */
  hostKeyFingerprint: z.string(),
  /** The node it became, once added. */
  nodeId: z.string().nullable(),
  /** The create or retire job now or last running. */
  jobId: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CloudServer = z.infer<typeof cloudServerSchema>;

/** A server at a provider tagged with this installation's id that the app no longer knows. */
export const cloudOrphanSchema = z.object({
  provider: cloudProviderIdSchema,
  providerServerId: z.string(),
  name: z.string(),
  ipv4: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type CloudOrphan = z.infer<typeof cloudOrphanSchema>;

const provider = cloudProviderIdSchema;
const name = z
  .string()
  .trim()
  .min(1, 'Give the server a name.')
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'A server name has lower-case letters, digits and dashes, and starts and ends with a letter or digit.');

export const cloudMethods = {
  'cloud:providers': method(z.object({}), z.array(cloudProviderStatusSchema)),
  /** Checks the token with the provider first; a refused token is not kept. */
  'cloud:set-token': method(
    z.object({ provider, token: z.string().trim().min(1, 'Paste the API token.').max(512) }),
    cloudProviderStatusSchema,
  ),
  'cloud:remove-token': method(z.object({ provider }), cloudProviderStatusSchema),
  /** Regions, sizes with the provider's monthly price, and the images Docker can be installed on. */
  'cloud:catalog': method(z.object({ provider }), cloudCatalogSchema),
  /**
   * Creates a server as a job: the app's own host key and the chosen key's public half go in
   * cloud-init; the job waits for created → booted → SSH (pinned key) → Docker and adds the node
   * with the size's monthly price as its cost.
   */
  'cloud:create': method(
    z.object({ provider, name, region: z.string().min(1), size: z.string().min(1), image: z.string().min(1), keyId: z.string().min(1) }),
    z.object({ server: cloudServerSchema, job: jobSchema }),
  ),
  'cloud:servers': method(z.object({}), z.array(cloudServerSchema)),
  /** Deletes the server of a cloud node at its provider and forgets the node; refused while deployments are on it. */
  'cloud:retire': method(z.object({ nodeId: z.string().min(1) }), z.object({ server: cloudServerSchema, job: jobSchema })),
  /** Servers at the providers with a token that carry this installation's tag but that the app does not know. */
  'cloud:orphans': method(z.object({}), z.array(cloudOrphanSchema)),
  'cloud:delete-orphan': method(z.object({ provider, providerServerId: z.string().min(1) }), z.object({ deleted: z.literal(true) })),
};

export const cloudEvents = {
  'cloud:changed': cloudServerSchema,
};
