import { StringDecoder } from 'node:string_decoder';
import type { PrepareSudo } from '@shared/contract/node-prepare';
import type { ExecResult, NodeConnections } from '../../ssh/node-connections';

const GROUP_MARKER = 'hoster-prepare-group:';
/** How long stopping a cancelled command may take before the run ends anyway. */
const STOP_TIMEOUT_MS = 10_000;

export interface StepOptions {
  nodeId: string;
  /** The command exactly as the plan shows it. */
  command: string;
  sudo: PrepareSudo;
  signal: AbortSignal;
  /** Output as text, as it arrives. */
  say: (text: string) => void;
}

/**
 * The commands that stop a process group and wait (2 s at most) until it is gone, so a package
 * manager's lock is free again when the run ends "cancelled".
 */
export function stopGroupCommand(groupId: string, sudo: PrepareSudo): string {
  const stop =
    `kill -KILL -- -${groupId}; i=0; ` +
    `while kill -0 -- -${groupId} 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done`;
  return sudo === 'root' ? stop : `sudo -n sh -c '${stop}'`;
}

/**
 * Runs one command of the plan, its output streamed through `say`, and on cancel makes sure it
 * stops on the server. Closing the SSH channel does not stop a command; OpenSSH refuses a channel's
 * signal request on a root login ("session signalling requires privilege separation"), and a
 * user's signal cannot reach what sudo runs as root. So the command's shell first prints its pid,
 * which leads the session's process group (sshd starts each session with setsid), and a cancel kills
 * that group as root in a second session.
 */
export async function runStep(
  connections: Pick<NodeConnections, 'exec'>,
  options: StepOptions,
): Promise<ExecResult> {
  const { nodeId, command, signal, say } = options;
  const decoder = new StringDecoder('utf8');
  // Set from the first line of output (the shell's pid), then '' if that line was not the marker.
  const group: { id: string | null } = { id: null };
  let head = '';
  const emit = (text: string) => {
    if (text) say(text);
  };
  const onOutput = (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (group.id !== null) return emit(text);
    head += text;
    const end = head.indexOf('\n');
    if (end < 0) return;
    const first = head.slice(0, end);
    group.id = first.startsWith(GROUP_MARKER) ? first.slice(GROUP_MARKER.length).trim() : '';
    emit(group.id ? head.slice(end + 1) : head);
    head = '';
  };
  try {
    const result = await connections.exec(nodeId, `echo ${GROUP_MARKER}$$; ${command}`, { signal, onOutput });
    emit(head + decoder.end());
    return { ...result, stdout: result.stdout.replace(new RegExp(`^${GROUP_MARKER}\\d+\\n`), '') };
  } catch (error) {
    if (signal.aborted && group.id && /^\d+$/.test(group.id)) await stopGroup(connections, options, group.id);
    throw error;
  }
}

async function stopGroup(connections: Pick<NodeConnections, 'exec'>, options: StepOptions, groupId: string) {
  try {
    await connections.exec(options.nodeId, stopGroupCommand(groupId, options.sudo), {
      signal: AbortSignal.timeout(STOP_TIMEOUT_MS),
    });
  } catch (error) {
    // The run ends cancelled either way; the user reads here that the command may still be running.
    const reason = error instanceof Error ? error.message : String(error);
    options.say(`\nCould not stop the command on the server (${reason}); it may still be running there.\n`);
  }
}
