export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A number in [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): doubling from `baseMs`, capped
 * at `maxMs`, with "equal jitter" (half fixed, half random) so many nodes dropped by one network
 * blip do not all come back in the same instant, while no retry comes sooner than half its step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(step / 2 + random() * (step / 2));
}
