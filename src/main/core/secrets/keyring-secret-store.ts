import { randomUUID } from 'node:crypto';
import { AsyncEntry } from '@napi-rs/keyring';
import { AppError } from '@shared/result';
import type { KeychainStatus, SecretStore } from './secret-store';

const backendName = (): string => {
  switch (process.platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'Secret Service';
  }
};

const unavailable = (error: unknown) =>
  new AppError(
    'keychain_unavailable',
    `The OS keychain (${backendName()}) could not be reached: ${error instanceof Error ? error.message : String(error)}. ` +
      'Unlock it, or start a Secret Service such as gnome-keyring, and try again.',
  );

/** The OS keychain through @napi-rs/keyring: Secret Service, macOS Keychain or Windows Credential Manager. */
export function createKeyringSecretStore(service: string): SecretStore {
  const entry = (account: string) => new AsyncEntry(service, account);
  return {
    async get(account) {
      try {
        return (await entry(account).getPassword()) ?? null;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async set(account, secret) {
      try {
        await entry(account).setPassword(secret);
      } catch (error) {
        throw unavailable(error);
      }
    },
    async delete(account) {
      try {
        await entry(account).deleteCredential();
      } catch (error) {
        throw unavailable(error);
      }
    },
    async status(): Promise<KeychainStatus> {
      const probe = entry(`probe:${randomUUID()}`);
      try {
        await probe.setPassword('probe');
        const read = await probe.getPassword();
        await probe.deleteCredential();
        if (read !== 'probe') return { reachable: false, backend: backendName(), error: 'A secret written to the keychain read back differently.' };
        return { reachable: true, backend: backendName() };
      } catch (error) {
        return { reachable: false, backend: backendName(), error: unavailable(error).message };
      }
    },
  };
}
