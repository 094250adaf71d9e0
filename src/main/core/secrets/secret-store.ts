import type { z } from 'zod';
import type { keychainStatusSchema } from '@shared/contract/system';

export type KeychainStatus = z.infer<typeof keychainStatusSchema>;

/**
 * Where private keys, passphrases and API keys live. Never SQLite, never logs, never the renderer.
 * Accounts are opaque names chosen by the service that owns the secret (`ssh-key:<id>`, `stripe:secret-key`).
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
  status(): Promise<KeychainStatus>;
}
