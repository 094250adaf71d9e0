import { z } from 'zod';
import { method } from './define';

/** One service of a deployment as its node has it now. */
export const serviceStateSchema = z.object({
  service: z.string(),
  image: z.string(),
  /** How many containers run it (more than one once it is scaled); its controls act on all of them. */
  copies: z.number().int().positive(),
  /** Docker's state of its containers (`running`, `exited`, …; the first copy's not running), or `missing`. */
  state: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'starting']).nullable(),
  /** Docker's own words, e.g. "Up 3 minutes (healthy)"; each copy's, numbered, for a scaled service. */
  status: z.string(),
  /** Stopped by the user: the deployment stays running without it, and nothing starts it again but the user. */
  isStoppedByUser: z.boolean(),
  /** The services that wait on this one (`depends_on`): what a stop or restart of it may disturb. */
  dependents: z.array(z.string()),
});
export type ServiceState = z.infer<typeof serviceStateSchema>;

const oneService = z.object({ id: z.string().min(1), service: z.string().min(1).max(200) });
const operation = z.object({ deploymentId: z.string(), jobId: z.string() });

export const servicesMethods = {
  'services:list': method(z.object({ id: z.string().min(1) }), z.array(serviceStateSchema)),
  /** Each a job on the deployment (one at a time), noted in its history. */
  'services:restart': method(oneService, operation),
  'services:stop': method(oneService, operation),
  'services:start': method(oneService, operation),
};
