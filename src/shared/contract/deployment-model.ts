import { z } from 'zod';

/**
 * The deployment state machine. `failed` can be entered from any active state; `degraded` is a
 * running deployment whose containers crash-loop or fail their healthchecks.
 */
export const deploymentStatuses = [
  'pending',
  'scheduled',
  'starting',
  'running',
  'degraded',
  'stopping',
  'stopped',
  'updating',
  'deleting',
  'deleted',
  'failed',
] as const;
export const deploymentStatusSchema = z.enum(deploymentStatuses);
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

/** Statuses in which the app is up and billable: metering counts time spent in these. */
export const billableStatuses: readonly DeploymentStatus[] = ['running', 'degraded', 'updating'];

export const exposureSchema = z.enum(['private', 'public']);
export type Exposure = z.infer<typeof exposureSchema>;

/**
 * Whether the deployment's node can be seen now. While it cannot, `status` is the last state known
 * and actions that need the node are refused with `host_unreachable`; `since` is when the node was
 * last seen (null when it never was).
 */
export const reachabilitySchema = z.object({
  nodeReachable: z.boolean(),
  since: z.string().nullable(),
});
export type Reachability = z.infer<typeof reachabilitySchema>;

export const deploymentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  nodeId: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  templateVersion: z.string(),
  customerId: z.string().nullable(),
  /** The last state known: while the node is unreachable it is not changed on the node's behalf. */
  status: deploymentStatusSchema,
  reachability: reachabilitySchema,
  /** The newest published version of the template when it is newer than the one deployed. */
  updateAvailable: z.string().nullable(),
  exposure: exposureSchema,
  /** The price this deployment is billed at per month: the template version's, or an override. */
  priceMonthlyCents: z.number().int().nonnegative(),
  url: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

/** Pushed on every state transition, with when it happened and why. */
export const deploymentTransitionSchema = z.object({
  deployment: deploymentSummarySchema,
  from: deploymentStatusSchema.nullable(),
  to: deploymentStatusSchema,
  at: z.string(),
  cause: z.string(),
});
export type DeploymentTransition = z.infer<typeof deploymentTransitionSchema>;
