import { methodNames, type Bridge } from '@shared/contract';
import type { AppErrorData } from '@shared/result';

type Answer = (input: unknown) => unknown;

/**
 * For the slices' tests: a bridge that records every call, answers the methods given (or fails with
 * `failures[name]`), and lets the test push events as the core would.
 */
export function fakeBridge(answers: Record<string, Answer>, failures: Record<string, AppErrorData> = {}) {
  const calls: { method: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const bridge: Record<string, unknown> = {
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  for (const name of methodNames)
    bridge[name] = (input: unknown) => {
      calls.push({ method: name, input });
      const failure = failures[name];
      const answer = answers[name];
      if (failure) return Promise.resolve({ ok: false, error: failure });
      if (!answer)
        return Promise.resolve({ ok: false, error: { code: 'internal', message: `unexpected ${name}` } });
      return Promise.resolve({ ok: true, value: answer(input) });
    };
  const emit = (event: string, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload));
  const listening = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  return { bridge: bridge as Bridge, calls, emit, listening };
}
