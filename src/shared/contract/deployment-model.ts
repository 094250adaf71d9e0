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

export const deploymentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  nodeId: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  templateVersion: z.string(),
  customerId: z.string().nullable(),
  status: deploymentStatusSchema,
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
