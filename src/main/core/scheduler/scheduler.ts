import type { Worker } from '@shared/contract/workers';
import { AppError } from '@shared/result';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

export interface WorkerDefinition {
  name: string;
  /** Read on every tick, so a settings change takes effect without a restart. */
  intervalSeconds: () => number;
  run: (signal: AbortSignal) => Promise<void>;
}

export interface Scheduler {
  register(definition: WorkerDefinition): void;
  start(): void;
  /** Runs the worker now, or joins the run already under way: a worker never overlaps itself. */
  runNow(name: string): Promise<Worker>;
  list(): Worker[];
  stop(): Promise<void>;
}

interface WorkerState {
  definition: WorkerDefinition;
  timer: NodeJS.Timeout | null;
  current: Promise<void> | null;
  controller: AbortController | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastError: string | null;
}

export function createScheduler(deps: { clock: Clock; logger: Logger }): Scheduler {
  const workers = new Map<string, WorkerState>();
  let isStarted = false;
  let isStopped = false;

  const schedule = (state: WorkerState) => {
    if (isStopped) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => void run(state), state.definition.intervalSeconds() * 1000);
  };

  const run = (state: WorkerState): Promise<void> => {
    if (state.current) return state.current;
    if (isStopped) return Promise.resolve();
    const controller = new AbortController();
    state.controller = controller;
    state.lastStartedAt = deps.clock.now().toISOString();
    state.current = runOnce(deps, state, controller, () => schedule(state));
    return state.current;
  };

  const find = (name: string) => {
    const state = workers.get(name);
    if (!state) throw new AppError('not_found', `No background worker named ${name}.`);
    return state;
  };

  return {
    register(definition) {
      if (workers.has(definition.name)) throw new Error(`worker ${definition.name} registered twice`);
      const state = newWorkerState(definition);
      workers.set(definition.name, state);
      if (isStarted) void run(state);
    },
    start() {
      isStarted = true;
      for (const state of workers.values()) void run(state);
    },
    async runNow(name) {
      const state = find(name);
      await run(state);
      return view(state);
    },
    list: () => [...workers.values()].map(view),
    async stop() {
      isStopped = true;
      for (const state of workers.values()) halt(state);
      await Promise.allSettled(
        [...workers.values()].flatMap((state) => (state.current ? [state.current] : [])),
      );
    },
  };
}

function view(state: WorkerState): Worker {
  return {
    name: state.definition.name,
    intervalSeconds: state.definition.intervalSeconds(),
    isRunning: state.current !== null,
    lastStartedAt: state.lastStartedAt,
    lastFinishedAt: state.lastFinishedAt,
    lastError: state.lastError,
  };
}

/** One run of a worker: records when it ended and how, then hands over to `next` (the next schedule). */
async function runOnce(
  deps: { clock: Clock; logger: Logger },
  state: WorkerState,
  controller: AbortController,
  next: () => void,
): Promise<void> {
  try {
    await state.definition.run(controller.signal);
    state.lastError = null;
  } catch (error) {
    state.lastError = error instanceof Error ? error.message : String(error);
    if (!controller.signal.aborted)
      deps.logger.warn('worker run failed', { worker: state.definition.name, error: state.lastError });
  } finally {
    state.lastFinishedAt = deps.clock.now().toISOString();
    state.current = null;
    state.controller = null;
    next();
  }
}

function newWorkerState(definition: WorkerDefinition): WorkerState {
  return {
    definition,
    timer: null,
    current: null,
    controller: null,
    lastStartedAt: null,
    lastFinishedAt: null,
    lastError: null,
  };
}

/** Clears the worker's timer and aborts its run in flight. */
function halt(state: WorkerState): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.controller?.abort(new AppError('cancelled', 'The app is shutting down.'));
}
