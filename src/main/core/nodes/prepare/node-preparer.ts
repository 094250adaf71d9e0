import type { Job } from '@shared/contract/jobs';
import type { PrepareLog, PreparePlan } from '@shared/contract/node-prepare';
import type { Node, NodeTest } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import type { EventBus } from '../../events/event-bus';
import type { JobContext, JobRunner } from '../../jobs/job-runner';
import type { NodeConnections } from '../../ssh/node-connections';
import { createPrepareLogs, lastLines } from './prepare-log';
import { planFor } from './prepare-plan';
import { runStep } from './prepare-step';
import { parseServerFacts, serverFactsCommand } from './server-facts';

export const PREPARE_JOB_KIND = 'nodes:prepare';

export interface NodePreparerDeps {
  connections: Pick<NodeConnections, 'connect' | 'exec' | 'reset'>;
  findNode: (id: string) => Node;
  jobs: JobRunner;
  events: EventBus;
  /** The node's own connection test (engine looked for afresh), run once Docker is in place. */
  retest: (id: string) => Promise<NodeTest>;
  /** How long reading the server's facts may take. */
  factsTimeoutMs?: number;
}

/**
 * Preparing a server that answers SSH but has no Docker: read its facts, plan the commands
 * (`prepare-plan.ts`), and with the user's yes run them one by one as a job, output streamed, stopping
 * at the first that fails; then test the node again, which finds the new engine and turns it online.
 */
export function createNodePreparer(deps: NodePreparerDeps) {
  const logs = createPrepareLogs();

  const plan = async (id: string): Promise<PreparePlan> => {
    const node = deps.findNode(id);
    if (node.kind === 'local')
      throw new AppError(
        'unsupported',
        'This computer is not prepared from the app: install Docker on it yourself, then test the connection.',
      );
    const signal = AbortSignal.timeout(deps.factsTimeoutMs ?? 20_000);
    await deps.connections.connect(id, { force: true });
    const { stdout } = await deps.connections
      .exec(id, serverFactsCommand, { signal })
      .catch((error: unknown) => {
        if (!signal.aborted) throw error;
        throw new AppError('timeout', `${node.name} did not say what system it runs in time. Try again.`);
      });
    return planFor(id, parseServerFacts(stdout));
  };

  const isRunning = (id: string) =>
    deps.jobs
      .list({ target: id, limit: 20 })
      .some((job) => job.kind === PREPARE_JOB_KIND && job.status === 'running');

  return {
    plan,
    async start(id: string): Promise<Job> {
      if (isRunning(id))
        throw new AppError(
          'conflict',
          `${deps.findNode(id).name} is being prepared already; its output is shown.`,
        );
      const planned = await plan(id);
      if (planned.blocker) throw new AppError('unsupported', planned.blocker);
      return deps.jobs.start(PREPARE_JOB_KIND, id, (context) => run(deps, logs, planned, context));
    },
    log: (id: string): PrepareLog => logs.get(id),
  };
}

export type NodePreparer = ReturnType<typeof createNodePreparer>;

type Logs = ReturnType<typeof createPrepareLogs>;

async function run(
  deps: NodePreparerDeps,
  logs: Logs,
  plan: PreparePlan,
  context: JobContext,
): Promise<void> {
  const { nodeId } = plan;
  logs.begin(nodeId, context.jobId);
  const say = (text: string) => {
    logs.append(nodeId, text);
    deps.events.emit('nodes:prepare-output', { nodeId, jobId: context.jobId, text });
  };
  const total = plan.commands.length + 1;
  for (const [index, step] of plan.commands.entries()) {
    context.progress({ step: step.label, fraction: index / total, detail: step.command });
    say(`${index === 0 ? '' : '\n'}$ ${step.command}\n`);
    const result = await runStep(deps.connections, {
      nodeId,
      command: step.command,
      sudo: plan.sudo,
      signal: context.signal,
      say,
    });
    if (result.code !== 0) {
      const error = stepFailure(plan, index, result.code, result.stdout + result.stderr);
      say(`\n✗ ${error.message}\n`);
      throw error;
    }
  }
  context.progress({ step: 'Testing the node', fraction: plan.commands.length / total });
  // A user just added to the docker group has it only in a new login: the next test dials again.
  if (plan.commands.some((step) => step.command.includes('usermod -aG docker')))
    deps.connections.reset(nodeId);
  const test = await deps.retest(nodeId);
  if (!test.isOk) {
    const error = new AppError(
      test.error?.code ?? 'docker_unavailable',
      `Docker is installed and started, but the node’s test still fails: ${test.error?.message ?? 'see its steps.'}`,
    );
    say(`\n✗ ${error.message}\n`);
    throw error;
  }
  const docker = test.steps.find((step) => step.name === 'docker');
  say(`\n✓ The node answers: ${docker?.detail ?? 'Docker is running'}.\n`);
  context.progress({ step: 'Done', fraction: 1 });
}

/** The first failed command: which, its exit code, its last lines, and what to do. */
export function stepFailure(plan: PreparePlan, index: number, code: number | null, output: string): AppError {
  const step = plan.commands[index];
  const label = step?.label ?? 'A command';
  const exit = code === null ? 'was stopped' : `exited with code ${code}`;
  const later = index + 1 < plan.commands.length ? ' Nothing after it ran.' : '';
  const sudo = /a password is required|a terminal is required/i.test(output)
    ? ` sudo asked ${plan.user} for a password, which the app cannot type: allow ${plan.user} sudo without a password, or run the commands yourself.`
    : '';
  const tail = lastLines(output, 5);
  return new AppError(
    'unavailable',
    `Step ${index + 1} of ${plan.commands.length}, “${label}”, ${exit}.${later}${sudo}` +
      (tail ? ` Its last lines:\n${tail}` : ''),
  );
}
