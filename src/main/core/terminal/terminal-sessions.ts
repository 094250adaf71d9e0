import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { TerminalSession, TerminalTarget } from '@shared/contract/terminal';
import { AppError } from '@shared/result';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { detectShell, killSession, startShell } from './container-exec';
import type { FoundContainer } from './find-container';
import { createOutputBatcher } from './output-batcher';

interface LiveSession {
  info: TerminalSession;
  docker: Docker;
  exec: Docker.Exec;
  socket: Duplex;
  marker: string;
  lastSeenAt: number;
  /** The user or the app is hanging it up: the channel closing is then no news. */
  isClosing: boolean;
  /** Set once it is over, with why; a second end is ignored. */
  endedWith: string | null;
}

export interface SessionDeps {
  events: EventBus;
  logger: Logger;
  now: () => number;
  docker: (nodeId: string) => Promise<Docker>;
  find: (target: TerminalTarget) => Promise<FoundContainer>;
}

/** How long a shell killed by a signal waits for its container to be seen stopping: the engine reports the exec's end first. */
const STOP_SETTLE_MS = 2000;

/** Whether the container stops within a moment (or has stopped). */
async function isStopping(container: Docker.Container): Promise<boolean> {
  try {
    await container.wait({ condition: 'not-running', abortSignal: AbortSignal.timeout(STOP_SETTLE_MS) });
    return true;
  } catch {
    return false;
  }
}

/** Why a session ended on its own: its container stopped, its shell exited, or the channel broke. */
async function whyEnded(session: LiveSession): Promise<string> {
  const container = session.docker.getContainer(session.info.containerId);
  const stopped = `the container ${session.info.containerName} stopped`;
  try {
    const exec = await session.exec.inspect();
    if (exec.Running) return 'the connection to the container closed';
    if ((exec.ExitCode ?? 0) > 128 && (await isStopping(container))) return stopped;
    return (await container.inspect()).State.Running ? `the shell exited (code ${String(exec.ExitCode)})` : stopped;
  } catch {
    return 'the connection to the node dropped';
  }
}

interface Table {
  deps: SessionDeps;
  sessions: Map<string, LiveSession>;
}

/** Ends a session once: its channel destroyed, every window told why. */
function end({ deps, sessions }: Table, session: LiveSession, reason: string): void {
  if (session.endedWith !== null) return;
  session.endedWith = reason;
  sessions.delete(session.info.sessionId);
  session.socket.destroy();
  deps.events.emit('terminal:closed', { sessionId: session.info.sessionId, reason });
}

/** Hangs up the shell in the container (best effort: the node may be gone), then ends the session. */
async function hangUp(table: Table, sessionId: string, reason: string): Promise<void> {
  const session = table.sessions.get(sessionId);
  if (!session || session.isClosing) return;
  session.isClosing = true;
  try {
    await killSession(session.docker, session.info.containerId, session.marker);
  } catch (error) {
    // The container stopped or the node is gone: the shell went with it.
    table.deps.logger.info('terminal hang-up not delivered', { error: String(error) });
  }
  end(table, session, reason);
}

/** The shell's output pushed in batches; the channel's end ends the session with the reason found. */
function attach(table: Table, session: LiveSession): void {
  const { sessionId } = session.info;
  const batcher = createOutputBatcher((data) => table.deps.events.emit('terminal:output', { sessionId, data }));
  session.socket.on('data', (bytes: Buffer) => batcher.write(bytes));
  session.socket.on('error', (error) => table.deps.logger.warn('terminal channel failed', { error: error.message }));
  let isGone = false;
  // Over an SSH channel the engine's half-close arrives as 'end' while our side stays open, so either ends it.
  const gone = () => {
    if (isGone) return;
    isGone = true;
    batcher.end();
    if (!session.isClosing && session.endedWith === null)
      void whyEnded(session).then((reason) => end(table, session, reason));
  };
  session.socket.on('end', gone);
  session.socket.on('close', gone);
}

async function open(table: Table, target: TerminalTarget, size: { cols: number; rows: number }): Promise<TerminalSession> {
  const { deps } = table;
  const container = await deps.find(target);
  const docker = await deps.docker(container.nodeId);
  const shell = await detectShell(docker, container.id, container.name);
  const sessionId = randomUUID();
  const marker = `HOSTER_TERMINAL_SESSION=${sessionId}`;
  const { exec, socket } = await startShell(docker, container.id, { shell, marker, ...size });
  const info = { sessionId, nodeId: container.nodeId, containerId: container.id, containerName: container.name, shell };
  const session: LiveSession = { info, docker, exec, socket, marker, lastSeenAt: deps.now(), isClosing: false, endedWith: null };
  table.sessions.set(sessionId, session);
  attach(table, session);
  return info;
}

/** Every open terminal session: opened on a running container, fed keystrokes, resized, and ended once with a reason. */
export function createTerminalSessions(deps: SessionDeps) {
  const table: Table = { deps, sessions: new Map() };
  const { sessions } = table;
  const get = (sessionId: string): LiveSession => {
    const session = sessions.get(sessionId);
    if (!session) throw new AppError('not_found', 'This terminal session has ended; open a new one.');
    session.lastSeenAt = deps.now();
    return session;
  };

  return {
    open: (target: TerminalTarget, size: { cols: number; rows: number }) => open(table, target, size),
    close: (sessionId: string) => hangUp(table, sessionId, 'closed'),
    input: (sessionId: string, data: string): void => void get(sessionId).socket.write(data),
    resize: async (sessionId: string, size: { cols: number; rows: number }): Promise<void> => {
      await get(sessionId).exec.resize({ h: size.rows, w: size.cols });
    },
    /** The window holding these sessions is still there; answers which of them are open. */
    keepalive(sessionIds: readonly string[]): string[] {
      const at = deps.now();
      return sessionIds.filter((id) => {
        const session = sessions.get(id);
        if (session) session.lastSeenAt = at;
        return session !== undefined;
      });
    },
    /** Sessions no window has named for `idleMs`: their window went away. */
    async closeUnseen(idleMs: number): Promise<void> {
      const cutoff = deps.now() - idleMs;
      const unseen = [...sessions.values()].filter((s) => s.lastSeenAt < cutoff);
      await Promise.all(unseen.map((s) => hangUp(table, s.info.sessionId, 'the window that opened it went away')));
    },
    /** The node's connection dropped: its sessions' channels went with it. */
    dropNode(nodeId: string, why: string): void {
      for (const session of [...sessions.values()])
        if (session.info.nodeId === nodeId) end(table, session, `the connection to the node dropped (${why})`);
    },
    async closeAll(reason: string): Promise<void> {
      await Promise.all([...sessions.keys()].map((id) => hangUp(table, id, reason)));
    },
  };
}

export type TerminalSessions = ReturnType<typeof createTerminalSessions>;
