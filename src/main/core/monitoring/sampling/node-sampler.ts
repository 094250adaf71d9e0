import type { Settings } from '@shared/contract/settings';
import type { Clock } from '../../clock';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logger';
import type { NodeConnections } from '../../ssh/node-connections';
import type { WatchedDeployment } from '../health/health-monitor';
import type { LogCollector } from '../logs/log-collector';
import type { ContainerRepository } from '../store/container-repository';
import type { StatsRepository } from '../store/stats-repository';
import type { Focus } from './focus';
import type { Pace } from './pace';
import { createSamplerState, nextDelay, sampleRound, type SamplerContext } from './sample-round';

export interface NodeSamplerDeps {
  nodeId: string;
  connections: NodeConnections;
  containers: ContainerRepository;
  stats: StatsRepository;
  collector: LogCollector;
  focus: Focus;
  /** How often to read each container and the node now (attention, battery, quiet back-off). */
  pace: Pace;
  settings: () => Settings['monitoring'];
  /** Deployments on this node that are meant to be up. */
  deployments: () => WatchedDeployment[];
  diskPath: () => string;
  bus: EventBus;
  afterRound: (deploymentIds: string[]) => void;
  clock: Clock;
  logger: Logger;
}

/** The timer and the round in flight: one round at a time, and one more if asked during it. */
interface RunState {
  timer: NodeJS.Timeout | null;
  round: Promise<void> | null;
  isAgain: boolean;
  isClosed: boolean;
  failures: number;
}

function clearTimer(runs: RunState): void {
  if (runs.timer) clearTimeout(runs.timer);
  runs.timer = null;
}

/** After a round: at once if asked again during it, else when the next thing is due. */
function delayAfterRound(ctx: SamplerContext, runs: RunState): number {
  const isAgain = runs.isAgain;
  runs.isAgain = false;
  if (isAgain && runs.failures === 0) return 0;
  // An unreachable node is asked again after a growing pause, not as often as its containers are due.
  const pause =
    runs.failures === 0
      ? 0
      : Math.min(ctx.deps.settings().backgroundStatsSeconds * 1000, 1000 * 2 ** Math.min(runs.failures, 6));
  return Math.max(pause, nextDelay(ctx));
}

/** Makes the deployment's containers (or the node itself) due now. */
function makeDue(ctx: SamplerContext, what: { deploymentId?: string; isNode?: boolean }): void {
  for (const entry of ctx.state.due.values()) {
    if (what.deploymentId === undefined || entry.deploymentId === what.deploymentId) {
      entry.stats = 0;
      entry.logs = 0;
    }
  }
  if (what.isNode) ctx.state.nodeDue = 0;
}

/**
 * Samples one node on a single timer: one-shot stats and new log lines of each container when they
 * are due (every few seconds for what is on screen, every minute otherwise) and the node's own CPU,
 * memory and disk. Never a stream per container; one round at a time.
 */
export function createNodeSampler(deps: NodeSamplerDeps) {
  const ctx: SamplerContext = {
    deps,
    state: createSamplerState(),
  };
  const runs: RunState = { timer: null, round: null, isAgain: false, isClosed: false, failures: 0 };

  const schedule = (delay: number) => {
    if (runs.isClosed) return;
    if (runs.timer) clearTimeout(runs.timer);
    runs.timer = setTimeout(() => void run(), delay);
  };

  function run(): Promise<void> {
    if (runs.round) {
      runs.isAgain = true;
      return runs.round;
    }
    clearTimer(runs);
    runs.round = sampleRound(ctx)
      .then(() => {
        runs.failures = 0;
      })
      .catch((error: unknown) => {
        runs.failures += 1;
        deps.logger.info('monitoring round failed', {
          nodeId: deps.nodeId,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        runs.round = null;
        schedule(delayAfterRound(ctx, runs));
      });
    return runs.round;
  }

  return {
    start: () => schedule(0),
    /** Makes the deployment's containers (or the node itself) due now and samples at once. */
    refresh(what: { deploymentId?: string; isNode?: boolean } = {}) {
      makeDue(ctx, what);
      return run();
    },
    /** A container stopped: its last lines are read in the next round, which comes soon. */
    readFinalLogs(containerIds: string[]) {
      for (const id of containerIds) ctx.state.finalLogs.add(id);
      if (!runs.round) schedule(500);
    },
    async close() {
      runs.isClosed = true;
      clearTimer(runs);
      await runs.round;
    },
  };
}

export type NodeSampler = ReturnType<typeof createNodeSampler>;
