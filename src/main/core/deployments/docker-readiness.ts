import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import type { DependencyCondition, ServicePlan } from './plan-types';

export interface ReadinessOptions {
  /** How long to wait for healthchecks to pass. */
  healthTimeoutMs: number;
  /** How long a container without a healthcheck must stay up without restarting. */
  stableMs: number;
  pollMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    // Aborted while the caller was awaiting something else: no 'abort' event will come now.
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

async function waitForCondition(
  docker: Docker,
  containerId: string,
  service: string,
  condition: DependencyCondition,
  options: ReadinessOptions,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + options.healthTimeoutMs;
  const poll = options.pollMs ?? 250;
  for (;;) {
    const state = (await docker.getContainer(containerId).inspect()).State;
    if (condition === 'service_started' && state.Running) return;
    if (condition === 'service_completed_successfully' && !state.Running && state.Status === 'exited') {
      if (state.ExitCode === 0) return;
      throw new AppError('unavailable', `${service} exited with code ${state.ExitCode}.`, {
        details: { service },
      });
    }
    if (condition === 'service_healthy' && state.Health?.Status === 'healthy') return;
    // A restart policy hides a crash behind "restarting": a container that exits while we wait has failed.
    if (
      condition !== 'service_completed_successfully' &&
      (state.Restarting || (!state.Running && state.Status !== 'created'))
    ) {
      throw new AppError(
        'unavailable',
        `${service} ${state.Restarting ? 'keeps restarting' : 'stopped'} (exit code ${state.ExitCode}).`,
        {
          details: { service },
        },
      );
    }
    if (Date.now() > deadline)
      throw new AppError(
        'timeout',
        `${service} did not become ${condition.replace('service_', '')} within ${Math.round(options.healthTimeoutMs / 1000)} s.`,
        { details: { service } },
      );
    await sleep(poll, signal);
  }
}

/** A container is ready when its healthcheck passes, or, without one, when it stays up without restarting. */
export async function waitReady(
  docker: Docker,
  service: ServicePlan,
  containerId: string,
  options: ReadinessOptions,
  signal: AbortSignal,
): Promise<void> {
  if (service.hasHealthcheck) {
    await waitForCondition(docker, containerId, service.service, 'service_healthy', options, signal);
    return;
  }
  const first = (await docker.getContainer(containerId).inspect()).RestartCount;
  await sleep(options.stableMs, signal);
  const info = await docker.getContainer(containerId).inspect();
  if (!info.State.Running || info.RestartCount !== first) {
    throw new AppError(
      'unavailable',
      `${service.service} did not stay up (${info.State.Running ? `restarted ${info.RestartCount - first} times` : `exit code ${info.State.ExitCode}`}).`,
      {
        details: { service: service.service },
      },
    );
  }
}

export async function waitDependencies(
  docker: Docker,
  service: ServicePlan,
  started: ReadonlyMap<string, string>,
  options: ReadinessOptions,
  signal: AbortSignal,
): Promise<void> {
  for (const [dependency, condition] of Object.entries(service.dependsOn)) {
    const id = started.get(dependency);
    if (!id)
      throw new AppError('internal', `${service.service} depends on ${dependency}, which was not started.`);
    await waitForCondition(docker, id, dependency, condition, options, signal);
  }
}
