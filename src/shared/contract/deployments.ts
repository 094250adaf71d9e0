import { z } from 'zod';
import { method } from './define';
import { deploymentSettingsSchema } from './deployment-settings';
import {
  deploymentStatusSchema,
  deploymentSummarySchema,
  deploymentTransitionSchema,
  exposureSchema,
} from './deployment-model';

export const deploymentNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'use lowercase letters, digits and dashes, starting and ending with a letter or digit',
  );

export const deploymentActionSchema = z.enum(['start', 'stop', 'restart', 'update', 'rollback', 'delete']);
export type DeploymentAction = z.infer<typeof deploymentActionSchema>;

export const portMappingSchema = z.object({
  service: z.string(),
  containerPort: z.number().int(),
  hostPort: z.number().int(),
  protocol: z.string(),
  /** How the user reaches it: http://node:port for public ports; null for private ones until opened. */
  url: z.string().nullable(),
});

export const revisionSchema = z.object({
  revision: z.number().int(),
  templateVersion: z.string(),
  status: z.enum(['pending', 'active', 'superseded', 'failed']),
  /** The compose file with its `${NAME}` placeholders: secret values never leave the keychain. */
  compose: z.string(),
  variables: z.record(z.string(), z.string()),
  secretNames: z.array(z.string()),
  imageDigests: z.record(z.string(), z.string()),
  createdAt: z.string(),
  /** Per-service environment, limits and replicas the revision runs with (see deployment-settings.ts). */
  settings: deploymentSettingsSchema,
});
export type Revision = z.infer<typeof revisionSchema>;

export const transitionRecordSchema = z.object({
  from: deploymentStatusSchema.nullable(),
  to: deploymentStatusSchema,
  cause: z.string(),
  at: z.string(),
});

export const deploymentDetailSchema = deploymentSummarySchema.extend({
  nodeName: z.string(),
  ports: z.array(portMappingSchema),
  /** The services of its current revision: what a stop or restart takes down, named in the confirmation. */
  services: z.array(z.string()),
  actions: z.array(deploymentActionSchema),
  revisions: z.array(revisionSchema),
  transitions: z.array(transitionRecordSchema),
  notes: z.string(),
  /** The job running on this deployment now, if any: its progress arrives as `jobs:changed`. */
  activeJobId: z.string().nullable(),
});
export type DeploymentDetail = z.infer<typeof deploymentDetailSchema>;

const operationResult = z.object({ deploymentId: z.string(), jobId: z.string() });
const byId = z.object({ id: z.string().min(1) });
/**
 * Finding keys (see PolicyFinding) the user accepts with this request. A plan asking for anything of
 * the node not accepted now or before is refused with `field: 'acceptFindings'` and the new findings
 * in `details.findings`.
 */
const acceptFindingsSchema = z.array(z.string().max(2048)).max(500).default([]);
const withAcceptance = byId.extend({ acceptFindings: acceptFindingsSchema });

export const createDeploymentInputSchema = z.object({
  templateId: z.string().min(1),
  version: z.string().min(1),
  name: deploymentNameSchema,
  /** A node id, or `auto` to pick the node with the most room that carries every tag asked for. */
  nodeId: z.string().min(1),
  tags: z.array(z.string()).default([]),
  variables: z.record(z.string(), z.string()).default({}),
  exposure: exposureSchema.default('private'),
  customerId: z.string().nullable().default(null),
  priceOverrideCents: z.number().int().nonnegative().nullable().default(null),
  /** The keys of the safety-policy findings the user said yes to; every finding of the plan needs one. */
  acceptFindings: acceptFindingsSchema,
});
export type CreateDeploymentInput = z.input<typeof createDeploymentInputSchema>;

export const deploymentsMethods = {
  'deployments:list': method(z.object({}), z.array(deploymentSummarySchema)),
  'deployments:get': method(byId, deploymentDetailSchema),
  'deployments:create': method(createDeploymentInputSchema, operationResult),
  'deployments:start': method(withAcceptance, operationResult),
  'deployments:stop': method(byId, operationResult),
  'deployments:restart': method(withAcceptance, operationResult),
  'deployments:update': method(
    withAcceptance.extend({
      version: z.string().min(1).optional(),
      variables: z.record(z.string(), z.string()).optional(),
    }),
    operationResult,
  ),
  /**
   * Whether an update to `version` keeps the app answering (its new revision starts next to the
   * running one) or stops it first, and why; what the update dialog says before the user confirms.
   */
  'deployments:update-preview': method(
    byId.extend({ version: z.string().min(1) }),
    z.object({ staysUp: z.boolean(), reason: z.string().nullable() }),
  ),
  'deployments:rollback': method(withAcceptance, operationResult),
  /** `removeImages`: also the images no other container uses (`deployments:images` lists them). */
  'deployments:delete': method(
    byId.extend({ deleteData: z.boolean().default(false), removeImages: z.boolean().default(false) }),
    operationResult,
  ),
  /**
   * Removes the deployment from this app only, for a node that cannot be reached: its containers,
   * network and volumes stay on the node, untouched.
   */
  'deployments:forget': method(byId, deploymentSummarySchema),
  /** The volumes "delete data" would remove, with their size on the node. */
  'deployments:volumes': method(byId, z.array(z.object({ name: z.string(), bytes: z.number().nullable() }))),
  /** The address to open the app at: the public port, or a local SSH forward to a private one. */
  'deployments:open': method(byId.extend({ service: z.string().optional() }), z.object({ url: z.string() })),
  'deployments:set-customer': method(
    byId.extend({
      customerId: z.string().nullable(),
      priceOverrideCents: z.number().int().nonnegative().nullable().optional(),
    }),
    deploymentSummarySchema,
  ),
};

export const deploymentsEvents = {
  /** A change of status, with when it happened and why. */
  'deployments:transitioned': deploymentTransitionSchema,
  /** Any other change (customer, price): the deployment as it is now, its status unchanged. */
  'deployments:changed': deploymentSummarySchema,
};
