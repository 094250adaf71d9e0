import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { MaintenanceCommand, TerminalTarget } from '@shared/contract/terminal';
import { AppError } from '@shared/result';
import type { ConsoleTarget } from '../deployments';
import type { EventBus } from '../events/event-bus';
import { runInContainer } from './container-exec';
import type { FoundContainer } from './find-container';
import { createOutputBatcher } from './output-batcher';

export interface MaintenanceDeps {
  events: EventBus;
  docker: (nodeId: string) => Promise<Docker>;
  find: (target: TerminalTarget) => Promise<FoundContainer>;
  deployments: { target(id: string): ConsoleTarget | null; record(id: string, cause: string): void };
}

/** The one-shot commands a template declares, run in the service's running container (exec, no TTY). */
export function createMaintenanceCommands(deps: MaintenanceDeps) {
  const running = new Set<Promise<void>>();

  const deploymentOf = (id: string): ConsoleTarget => {
    const deployment = deps.deployments.target(id);
    if (!deployment) throw new AppError('not_found', `No deployment with id ${id}.`);
    return deployment;
  };

  const execute = async (runId: string, deployment: ConsoleTarget, command: MaintenanceCommand, container: FoundContainer) => {
    const batcher = createOutputBatcher((data) =>
      deps.events.emit('terminal:command-output', { runId, deploymentId: deployment.id, data }),
    );
    let exitCode: number | null = null;
    let error: string | null = null;
    try {
      const docker = await deps.docker(container.nodeId);
      exitCode = await runInContainer(docker, container.id, command.command, (bytes) => batcher.write(bytes));
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    batcher.end();
    deps.deployments.record(
      deployment.id,
      error === null
        ? `maintenance command "${command.name}" exited with code ${String(exitCode)}`
        : `maintenance command "${command.name}" could not finish: ${error}`,
    );
    deps.events.emit('terminal:command-finished', { runId, deploymentId: deployment.id, name: command.name, exitCode, error });
  };

  return {
    list: (deploymentId: string): MaintenanceCommand[] =>
      deploymentOf(deploymentId).commands.map(({ name, service, command }) => ({ name, service, command })),

    /** Checks the command and its container now (a stopped one is refused), then runs it; its output and end are pushed. */
    async run(deploymentId: string, name: string): Promise<{ runId: string }> {
      const deployment = deploymentOf(deploymentId);
      const command = deployment.commands.find((c) => c.name === name);
      if (!command)
        throw new AppError('not_found', `${deployment.name}'s template has no command named "${name}".`, { field: 'name' });
      const container = await deps.find({ deploymentId, service: command.service });
      const runId = randomUUID();
      const under = execute(runId, deployment, command, container).finally(() => running.delete(under));
      running.add(under);
      return { runId };
    },

    /** Waits for commands under way: the app closing does not cut their history line. */
    close: async () => {
      await Promise.allSettled([...running]);
    },
  };
}
