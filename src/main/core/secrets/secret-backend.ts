import type { SecretsStatus } from '@shared/contract/vault';
import type { Unsubscribe } from '@shared/contract';
import { AppError } from '@shared/result';
import type { SecretStore } from './secret-store';
import type { VaultSecretStore } from './vault-secret-store';

export interface SecretBackend {
  /** What features use as `context.secrets`: the keychain or the vault, whichever was chosen at start. */
  store: SecretStore;
  status(): Promise<SecretsStatus>;
  createVault(passphrase: string): Promise<SecretsStatus>;
  unlock(passphrase: string): Promise<SecretsStatus>;
  lock(): Promise<SecretsStatus>;
  /** Throws `invalid_input` unless `passphrase` opens the vault. */
  verifyVaultPassphrase(passphrase: string): Promise<void>;
  /** After the vault is created, unlocked or locked (parsed keys must be forgotten on lock). */
  onChange(listener: (status: SecretsStatus) => void): Unsubscribe;
}

/**
 * Picks where secrets live, once, at start: a vault file that exists is used (the user chose it,
 * and its secrets are there); otherwise the OS keychain if it answers a probe; otherwise the vault,
 * locked until the user creates or unlocks it. There is no plaintext fallback.
 */
export function createSecretBackend(keychain: SecretStore, vault: VaultSecretStore): SecretBackend {
  const choice: Promise<SecretsStatus['backend']> = (async () => {
    if (vault.exists()) return 'vault';
    return (await keychain.status()).reachable ? 'keychain' : 'vault';
  })();
  const listeners = new Set<(status: SecretsStatus) => void>();
  const active = async (): Promise<SecretStore> => ((await choice) === 'keychain' ? keychain : { ...vault, status: () => keychain.status() });

  const status = async (): Promise<SecretsStatus> => ({
    backend: await choice,
    keychain: await keychain.status(),
    vault: { file: vault.file, exists: vault.exists(), isUnlocked: vault.isUnlocked() },
  });
  const changed = async () => {
    const current = await status();
    for (const listener of [...listeners]) listener(current);
    return current;
  };

  return {
    store: {
      get: async (account) => (await active()).get(account),
      set: async (account, secret) => (await active()).set(account, secret),
      delete: async (account) => (await active()).delete(account),
      status: () => keychain.status(),
    },
    status,
    async createVault(passphrase) {
      if ((await choice) === 'keychain') throw new AppError('conflict', 'Secrets are kept in the OS keychain, which is reachable: no vault is needed.');
      await vault.create(passphrase);
      return changed();
    },
    async unlock(passphrase) {
      await vault.unlock(passphrase);
      return changed();
    },
    async lock() {
      vault.lock();
      return changed();
    },
    verifyVaultPassphrase: (passphrase) => vault.verify(passphrase),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
