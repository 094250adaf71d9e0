/** How far apart two SSH handshakes begin, so a start or a network's return does not dial every node at once. */
export const DIAL_SPACING_MS = 20;

export interface DialPacer {
  /** Resolves when this dial may begin: at once if none began within the spacing, else in the next free slot. */
  turn(): Promise<void>;
}

/**
 * Spreads handshakes over time rather than capping how many run: a node that does not answer holds
 * no slot, so one dead server never delays the others by more than the spacing.
 */
export function createDialPacer(
  spacingMs: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): DialPacer {
  let nextFreeAt = -Infinity;
  return {
    turn() {
      const now = clock.now();
      const startsAt = Math.max(now, nextFreeAt);
      nextFreeAt = startsAt + spacingMs;
      return startsAt > now ? clock.sleep(startsAt - now) : Promise.resolve();
    },
  };
}
