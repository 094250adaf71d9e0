import type { Handlers } from '@shared/contract';
import { describe, expect, it } from 'vitest';
import { mergeHandlers } from './merge-handlers';

const answer = {
  backend: 'keychain',
  keychain: { reachable: true, backend: 'test' },
  vault: { file: 'vault.json', exists: false, isUnlocked: false },
} as const;
const status: Pick<Handlers, 'vault:status'> = { 'vault:status': () => answer };
const lock: Pick<Handlers, 'vault:lock'> = { 'vault:lock': () => answer };

describe('mergeHandlers', () => {
  it('joins slices, keeping each handler as given', () => {
    const merged = mergeHandlers(status, lock);
    expect(Object.keys(merged).sort()).toEqual(['vault:lock', 'vault:status']);
    expect(merged['vault:status']).toBe(status['vault:status']);
    expect(merged['vault:lock']).toBe(lock['vault:lock']);
  });

  it('throws, naming the method, when two slices answer the same one', () => {
    const again: Pick<Handlers, 'vault:status'> = { 'vault:status': lock['vault:lock'] };
    expect(() => mergeHandlers(status, lock, again)).toThrow(
      'Two features answer vault:status; each method has one handler.',
    );
  });
});
