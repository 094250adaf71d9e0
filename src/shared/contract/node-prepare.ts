import { z } from 'zod';
import { method } from './define';
import { jobSchema } from './jobs';

const id = z.string().min(1);

/** One command of the plan, exactly as it runs on the server (through the login user's shell). */
export const prepareCommandSchema = z.object({
  /** "Install Docker from Debian's packages". */
  label: z.string(),
  command: z.string(),
});
export type PrepareCommand = z.infer<typeof prepareCommandSchema>;

/** How the login user becomes root for the commands. */
export const prepareSudoSchema = z.enum([
  /** Logged in as root: no sudo. */
  'root',
  /** `sudo -n` works. */
  'passwordless',
  /** sudo wants a password the app cannot type. */
  'needs-password',
  /** Not root and no sudo on the server. */
  'missing',
]);
export type PrepareSudo = z.infer<typeof prepareSudoSchema>;

/** What preparing a server would do, read from the server itself; nothing has run yet. */
export const preparePlanSchema = z.object({
  nodeId: z.string(),
  os: z.object({
    /** `/etc/os-release` ID: debian, ubuntu, fedora, rocky… */
    id: z.string(),
    /** "Debian GNU/Linux 12 (bookworm)". */
    name: z.string(),
    version: z.string(),
  }),
  user: z.string(),
  sudo: prepareSudoSchema,
  /** How Docker is started: systemd (`/run/systemd/system` exists) or the distribution's `service` script. */
  init: z.enum(['systemd', 'service']),
  /** Docker's engine is installed already: the plan only starts it, adds the user and tests. */
  isInstalled: z.boolean(),
  /** Null when the commands can run; otherwise why not and what to do instead. */
  blocker: z.string().nullable(),
  commands: z.array(prepareCommandSchema),
  /** Where the packages come from and anything else worth reading before saying yes. */
  notes: z.array(z.string()),
});
export type PreparePlan = z.infer<typeof preparePlanSchema>;

/** The output of a node's latest prepare run, kept while the app runs so a reopened dialog shows it. */
export const prepareLogSchema = z.object({
  nodeId: z.string(),
  jobId: z.string().nullable(),
  text: z.string(),
});
export type PrepareLog = z.infer<typeof prepareLogSchema>;

export const nodePrepareMethods = {
  /** Looks at the server (OS, user, sudo, init, Docker already there) and answers the exact commands. */
  'nodes:prepare-plan': method(z.object({ id }), preparePlanSchema),
  /**
   * Runs the plan's commands one by one as a job (kind `nodes:prepare`, target the node), stopping at the
   * first that fails, then tests the node again. Output arrives as `nodes:prepare-output`.
   */
  'nodes:prepare': method(z.object({ id }), jobSchema),
  'nodes:prepare-log': method(z.object({ id }), prepareLogSchema),
};

export const nodePrepareEvents = {
  'nodes:prepare-output': z.object({ nodeId: z.string(), jobId: z.string(), text: z.string() }),
};
