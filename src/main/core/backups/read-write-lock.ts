/**
 * Many holders at once in shared mode, one alone in exclusive mode, served in the order asked: restic's
 * own locks, kept in this process, so a prune or check waits for backups instead of failing on a lock.
 */
export function createReadWriteLock() {
  let readers = 0;
  let writer = false;
  const waiting: { exclusive: boolean; go: () => void }[] = [];
  const pump = () => {
    for (let next = waiting[0]; next; next = waiting[0]) {
      if (writer || (next.exclusive && readers > 0)) return;
      waiting.shift();
      if (next.exclusive) writer = true;
      else readers += 1;
      next.go();
      if (writer) return;
    }
  };
  return async <T>(mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> => {
    const exclusive = mode === 'exclusive';
    await new Promise<void>((go) => {
      waiting.push({ exclusive, go });
      pump();
    });
    try {
      return await work();
    } finally {
      if (exclusive) writer = false;
      else readers -= 1;
      pump();
    }
  };
}
