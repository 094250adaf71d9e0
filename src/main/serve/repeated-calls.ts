import type { Result } from '@shared/result';
const KEPT_MS = 60_000;
const MAX_KEPT = 1000;

/**
 * Answers for calls a page may send again: when a connection drops before the answer arrives, the
 * page cannot know whether the host ran the call, so it repeats it with the same id, and the host
 * answers with the first run's result instead of running it twice (a deploy, a payment link, a delete).
 * Ids are kept a minute, and at most a thousand at once; a call without an id simply runs.
 */
export function createRepeatedCalls() {
  const answers = new Map<string, Promise<Result<unknown>>>();
  return {
    /** `id` is the call's method and id together, or undefined for a call that came without one. */
    answer(id: string | undefined, run: () => Promise<Result<unknown>>): Promise<Result<unknown>> {
      if (id === undefined) return run();
      const kept = answers.get(id);
      if (kept) return kept;
      const answer = run();
      answers.set(id, answer);
      const oldest = answers.keys().next().value;
      if (answers.size > MAX_KEPT && oldest !== undefined) answers.delete(oldest);
      setTimeout(() => answers.delete(id), KEPT_MS).unref();
      return answer;
    },
    close: () => answers.clear(),
  };
}

export type RepeatedCalls = ReturnType<typeof createRepeatedCalls>;
