import { z } from 'zod';
import { method } from './define';

export const workerSchema = z.object({
  name: z.string(),
  intervalSeconds: z.number(),
  isRunning: z.boolean(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type Worker = z.infer<typeof workerSchema>;

export const workersMethods = {
  'workers:list': method(z.object({}), z.array(workerSchema)),
  'workers:run': method(z.object({ name: z.string().min(1) }), workerSchema),
};
