import type { Alert } from '@shared/contract/monitoring';
import type { ContainerSnapshot } from '../store/container-repository';

/** Unplanned deaths within CRASH_WINDOW_MS that make a crash loop. */
export const CRASH_LOOP_DEATHS = 3;
/** Long enough to span Docker's restart back-off, which grows to a minute between attempts. */
export const CRASH_WINDOW_MS = 5 * 60_000;

export type Verdict =
  | { isHealthy: true; cause: string }
  | {
      isHealthy: false;
      kind: Extract<Alert['kind'], 'crash-loop' | 'unhealthy' | 'exited'>;
      title: string;
      cause: string;
    };

/**
 * A running deployment's health from its containers as last seen and its recent crashes:
 * crash-looping, failing a healthcheck, or a container that died and stayed down. Null when no
 * container is known yet (nothing to judge).
 */
export function judge(
  deploymentName: string,
  containers: ContainerSnapshot[],
  crashes: number,
  lastExit: { service: string; exitCode: number } | null,
): Verdict | null {
  if (containers.length === 0) return null;
  if (crashes >= CRASH_LOOP_DEATHS) {
    const last = lastExit ? ` (last: ${lastExit.service} exited with code ${lastExit.exitCode})` : '';
    return {
      isHealthy: false,
      kind: 'crash-loop',
      title: `${deploymentName} is crash-looping`,
      cause: `containers died ${crashes} times in ${CRASH_WINDOW_MS / 60_000} minutes${last}`,
    };
  }
  // A stopped container keeps the health its last check gave it: only a running one can fail its check.
  const unhealthy = containers.find((c) => c.state === 'running' && c.health === 'unhealthy');
  if (unhealthy) {
    return {
      isHealthy: false,
      kind: 'unhealthy',
      title: `${deploymentName} is unhealthy`,
      cause: `${unhealthy.service} is failing its healthcheck`,
    };
  }
  const down = containers.find(
    (c) => (c.state === 'exited' || c.state === 'dead') && c.exitCode !== null && c.exitCode !== 0,
  );
  if (down) {
    return {
      isHealthy: false,
      kind: 'exited',
      title: `${deploymentName} has a stopped service`,
      cause: `${down.service} exited with code ${String(down.exitCode)} and is down`,
    };
  }
  if (containers.some((c) => c.state !== 'running')) return null;
  return { isHealthy: true, cause: 'every container is running and passing its checks' };
}
