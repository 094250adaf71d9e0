import { z } from 'zod';
import { method } from './define';

export const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobProgressSchema = z.object({
  step: z.string(),
  /** 0..1 where the work can be measured, absent where it cannot. */
  fraction: z.number().min(0).max(1).optional(),
  detail: z.string().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  target: z.string().nullable(),
  status: jobStatusSchema,
  progress: jobProgressSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobsMethods = {
  'jobs:list': method(z.object({ target: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }), z.array(jobSchema)),
  'jobs:get': method(z.object({ id: z.string().min(1) }), jobSchema),
  'jobs:cancel': method(z.object({ id: z.string().min(1) }), jobSchema),
};

export const jobsEvents = {
  'jobs:changed': jobSchema,
};
