import type Docker from 'dockerode';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { ConsoleTarget } from '../deployments';
import type { NodeConnections } from '../ssh/node-connections';
import { findContainer } from './find-container';
import { createMaintenanceCommands } from './maintenance-commands';
import { createTerminalSessions } from './terminal-sessions';

export const TERMINAL_SWEEP_WORKER = 'terminal-sweep';

export interface TerminalPorts {
  connections: Pick<NodeConnections, 'docker' | 'onChange'>;
  /** The deployments feature's console port: where a deployment runs, its commands, a line in its history. */
  deployments: { target(id: string): ConsoleTarget | null; record(id: string, cause: string): void };
  /** How long a session may go without its window naming it before it is closed (default 30 s). */
  idleMs?: number;
}

/** The window keeps its sessions alive every 5 s (see TerminalPanel); three missed rounds and more mean it is gone. */
const DEFAULT_IDLE_MS = 30_000;
const SWEEP_SECONDS = 10;

export type TerminalFeature = Feature<MethodsOf<'terminal'>>;

export function createTerminalFeature(context: CoreContext, ports: TerminalPorts): TerminalFeature {
  const docker = (nodeId: string): Promise<Docker> => ports.connections.docker(nodeId);
  const find = (target: Parameters<typeof findContainer>[0]) =>
    findContainer(target, { deployment: (id) => ports.deployments.target(id), docker });
  const sessions = createTerminalSessions({
    events: context.events,
    logger: context.logger,
    now: () => context.clock.now().getTime(),
    docker,
    find,
  });
  const commands = createMaintenanceCommands({ events: context.events, docker, find, deployments: ports.deployments });
  const stopWatching = ports.connections.onChange((nodeId, status) => {
    if (status.state !== 'ready' && status.state !== 'connecting')
      sessions.dropNode(nodeId, status.lastError?.message ?? status.state);
  });

  return {
    workers: [
      {
        name: TERMINAL_SWEEP_WORKER,
        intervalSeconds: () => SWEEP_SECONDS,
        run: () => sessions.closeUnseen(ports.idleMs ?? DEFAULT_IDLE_MS),
      },
    ],
    handlers: {
      'terminal:open': ({ cols, rows, ...target }) => sessions.open(target, { cols, rows }),
      'terminal:input': ({ sessionId, data }) => {
        sessions.input(sessionId, data);
        return {};
      },
      'terminal:resize': async ({ sessionId, cols, rows }) => {
        await sessions.resize(sessionId, { cols, rows });
        return {};
      },
      'terminal:close': async ({ sessionId }) => {
        await sessions.close(sessionId);
        return {};
      },
      'terminal:keepalive': ({ sessionIds }) => ({ open: sessions.keepalive(sessionIds) }),
      'terminal:commands': ({ deploymentId }) => commands.list(deploymentId),
      'terminal:run-command': ({ deploymentId, name }) => commands.run(deploymentId, name),
    },
    close: async () => {
      stopWatching();
      await sessions.closeAll('the app closed');
      await commands.close();
    },
  };
}
