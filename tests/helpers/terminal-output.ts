import type { EventBus } from '../../src/main/core/events/event-bus';

/**
 * What every terminal session printed so far, and a wait for a text to appear in it. The wait ends on
 * the pushed output itself; the test's own timeout bounds it.
 */
export function watchTerminals(events: EventBus) {
  const printed = new Map<string, string>();
  const closed = new Map<string, string>();
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const offOutput = events.on('terminal:output', ({ sessionId, data }) => {
    printed.set(sessionId, (printed.get(sessionId) ?? '') + data);
    poke();
  });
  const offClosed = events.on('terminal:closed', ({ sessionId, reason }) => {
    closed.set(sessionId, reason);
    poke();
  });
  const until = (isDone: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!isDone()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return {
    printed: (sessionId: string) => printed.get(sessionId) ?? '',
    /** Resolves once the session's output matches. */
    waitFor: (sessionId: string, pattern: RegExp) => until(() => pattern.test(printed.get(sessionId) ?? '')),
    /** Resolves with the reason once the session has ended. */
    waitClosed: async (sessionId: string) => {
      await until(() => closed.has(sessionId));
      return closed.get(sessionId) ?? '';
    },
    stop: () => {
      offOutput();
      offClosed();
    },
  };
}
