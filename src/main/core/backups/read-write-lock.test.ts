import { describe, expect, it } from 'vitest';
import { createReadWriteLock } from './read-write-lock';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('read-write lock', () => {
  it('lets shared holders overlap and keeps an exclusive one alone, in the order asked', async () => {
    const lock = createReadWriteLock();
    const log: string[] = [];
    const hold = (mode: 'shared' | 'exclusive', name: string) =>
      lock(mode, async () => {
        log.push(`+${name}`);
        await tick();
        log.push(`-${name}`);
      });
    await Promise.all([hold('shared', 'a'), hold('shared', 'b'), hold('exclusive', 'x'), hold('shared', 'c')]);
    expect(log).toEqual(['+a', '+b', '-a', '-b', '+x', '-x', '+c', '-c']);
  });

  it('releases on failure', async () => {
    const lock = createReadWriteLock();
    await expect(lock('exclusive', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock('exclusive', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
