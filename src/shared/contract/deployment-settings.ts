import { z } from 'zod';
import { method } from './define';

export const MAX_REPLICAS = 10;
/** Docker refuses a memory limit under 6 MB. */
export const MIN_MEMORY_MB = 6;

/** An environment variable name as shells and Docker take it. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_NAME_RULE = 'use letters, digits and underscores, not starting with a digit';

/** What the user sets for one service of a deployment, stored with each revision. */
export const serviceSettingsSchema = z.object({
  /** Added to the service's environment; names follow `ENV_NAME` (checked by the core, naming the one at fault). */
  environment: z.record(z.string().max(128), z.string().max(8192)).default({}),
  /** Names in `environment` the user means to replace the template's own value of; any other clash is refused. */
  replaces: z.array(z.string().max(128)).max(200).default([]),
  /** Docker limits; null leaves the compose file's own, else the template's declared resources. */
  cpuCores: z.number().positive().max(256).nullable().default(null),
  memoryMb: z
    .int()
    .min(MIN_MEMORY_MB, { error: `a memory limit must be at least ${MIN_MEMORY_MB} MB` })
    .max(1_048_576)
    .nullable()
    .default(null),
  replicas: z
    .int()
    .min(1, { error: `replicas must be between 1 and ${MAX_REPLICAS}` })
    .max(MAX_REPLICAS, { error: `replicas must be between 1 and ${MAX_REPLICAS}` })
    .default(1),
});
export type ServiceSettings = z.output<typeof serviceSettingsSchema>;

export const deploymentSettingsSchema = z.object({
  /** By compose service name; a service left out runs as the template says. */
  services: z.record(z.string().min(1).max(63), serviceSettingsSchema).default({}),
});
export type DeploymentSettings = z.output<typeof deploymentSettingsSchema>;
export type DeploymentSettingsInput = z.input<typeof deploymentSettingsSchema>;

const limitsSchema = z.object({ cpuCores: z.number().nullable(), memoryMb: z.number().nullable() });

/** One service as the settings screen shows it: what it runs with before the user's settings. */
export const serviceFactsSchema = z.object({
  name: z.string(),
  image: z.string(),
  /** The names the template sets in the service's environment (values stay on the node: some are secrets). */
  environmentNames: z.array(z.string()),
  /** The limits the compose file sets; null where it sets none. */
  composeLimits: limitsSchema,
  /** What runs without a setting of the user's: the compose file's limit, else the template's declared resources. */
  defaultLimits: limitsSchema,
  /** Null when the service may run more than one copy; else why not. */
  scaleRefusal: z.string().nullable(),
});
export type ServiceFacts = z.infer<typeof serviceFactsSchema>;

const byId = z.object({ id: z.string().min(1) });
const change = byId.extend({
  settings: deploymentSettingsSchema,
  /** New values of the template's variables; a password left out keeps its value. */
  variables: z.record(z.string(), z.string()).optional(),
});

export const deploymentSettingsMethods = {
  /** The settings of the deployment's current revision, with each service's facts. */
  'deployments:settings': method(
    byId,
    z.object({ settings: deploymentSettingsSchema, services: z.array(serviceFactsSchema) }),
  ),
  /**
   * What applying `settings` would change: the compose as it runs now and as it would run (secret
   * values masked), and whether the app stays up while it switches. Refuses settings the update would.
   */
  'deployments:settings-preview': method(
    change,
    z.object({
      current: z.string(),
      next: z.string(),
      staysUp: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
  /** A new revision with these settings (and values), switched to as an update is. */
  'deployments:apply-settings': method(
    change.extend({ acceptFindings: z.array(z.string().max(2048)).max(500).default([]) }),
    z.object({ deploymentId: z.string(), jobId: z.string() }),
  ),
};
