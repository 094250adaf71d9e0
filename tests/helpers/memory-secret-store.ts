import type { SecretStore } from '../../src/main/core/secrets/secret-store';

/** For unit tests of code that stores no secrets; anything touching secrets is tested against the real keychain. */
export function createMemorySecretStore(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (account) => Promise.resolve(entries.get(account) ?? null),
    set: (account, secret) => {
      entries.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => {
      entries.delete(account);
      return Promise.resolve();
    },
    status: () => Promise.resolve({ reachable: true, backend: 'memory' }),
  };
}
