/**
 * Mutating operations on one node run one at a time (two deploys racing for the same ports or
 * network names would corrupt each other); operations on different nodes run in parallel.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return {
    async run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const current = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => current);
      tails.set(key, tail);
      await previous;
      try {
        return await work();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
    isBusy: (key: string): boolean => tails.has(key),
  };
}

export type KeyedLock = ReturnType<typeof createKeyedLock>;
