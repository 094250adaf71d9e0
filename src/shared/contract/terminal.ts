import { z } from 'zod';
import { method } from './define';

/**
 * A shell in a running container (Docker exec with a TTY over the node's one SSH connection), and
 * the one-shot maintenance commands a template declares. Output is pushed as UTF-8 text: the core
 * decodes the byte stream carrying an incomplete multibyte sequence over to the next chunk, so
 * every chunk is valid text that xterm writes as it is, and JSON carries it at its own size
 * (base64 would add a third and need decoding on both sides).
 */

const size = { cols: z.int().min(2).max(1000), rows: z.int().min(1).max(500) };

export const terminalTargetSchema = z.union([
  z.strictObject({ deploymentId: z.string().min(1), service: z.string().min(1).max(63) }),
  /** Any container on the node, by id or name, the app's own or not. */
  z.strictObject({ nodeId: z.string().min(1), containerId: z.string().min(1).max(128) }),
]);
export type TerminalTarget = z.infer<typeof terminalTargetSchema>;

export const terminalSessionSchema = z.object({
  sessionId: z.string(),
  nodeId: z.string(),
  containerId: z.string(),
  containerName: z.string(),
  /** The shell found in the container: bash, then sh, then ash. */
  shell: z.string(),
});
export type TerminalSession = z.infer<typeof terminalSessionSchema>;

const bySession = z.object({ sessionId: z.string().min(1) });

export const maintenanceCommandSchema = z.object({
  name: z.string(),
  service: z.string(),
  command: z.array(z.string()),
});
export type MaintenanceCommand = z.infer<typeof maintenanceCommandSchema>;

export const terminalMethods = {
  /** Opens a shell; refused for a stopped container, saying how to start it. */
  'terminal:open': method(terminalTargetSchema.and(z.object(size)), terminalSessionSchema),
  /** Keystrokes as the terminal emits them. */
  'terminal:input': method(bySession.extend({ data: z.string().min(1).max(65_536) }), z.object({})),
  'terminal:resize': method(bySession.extend(size), z.object({})),
  'terminal:close': method(bySession, z.object({})),
  /**
   * Said every few seconds by the window that holds the sessions; a session no window has named for
   * a while is closed (its window went away). Answers which of them are still open.
   */
  'terminal:keepalive': method(
    z.object({ sessionIds: z.array(z.string()).max(100) }),
    z.object({ open: z.array(z.string()) }),
  ),
  /** The maintenance commands of the deployment's current template version. */
  'terminal:commands': method(z.object({ deploymentId: z.string().min(1) }), z.array(maintenanceCommandSchema)),
  /** Runs one (without a TTY); its output arrives as `terminal:command-output`, its end as `terminal:command-finished`. */
  'terminal:run-command': method(
    z.object({ deploymentId: z.string().min(1), name: z.string().min(1).max(80) }),
    z.object({ runId: z.string() }),
  ),
};

export const terminalEvents = {
  /** What the shell wrote, batched: a few milliseconds' worth per event. */
  'terminal:output': bySession.extend({ data: z.string() }),
  /** The session is over: closed by the user, its window gone, the container stopped or the connection dropped. */
  'terminal:closed': bySession.extend({ reason: z.string() }),
  'terminal:command-output': z.object({ runId: z.string(), deploymentId: z.string(), data: z.string() }),
  'terminal:command-finished': z.object({
    runId: z.string(),
    deploymentId: z.string(),
    name: z.string(),
    /** null when it could not run to the end (then `error` says why). */
    exitCode: z.int().nullable(),
    error: z.string().nullable(),
  }),
};
