import { z } from 'zod';
import { method } from './define';

/**
 * Where secrets go: the OS keychain when it answers, otherwise a vault file encrypted under a
 * passphrase the user types. Never a plaintext fallback.
 */
export const secretsStatusSchema = z.object({
  backend: z.enum(['keychain', 'vault']),
  keychain: z.object({ reachable: z.boolean(), backend: z.string(), error: z.string().optional() }),
  vault: z.object({ file: z.string(), exists: z.boolean(), isUnlocked: z.boolean() }),
});
export type SecretsStatus = z.infer<typeof secretsStatusSchema>;

const passphrase = z.string().min(1, 'Type the vault passphrase.').max(1024);

export const vaultMethods = {
  'vault:status': method(z.object({}), secretsStatusSchema),
  'vault:create': method(z.object({ passphrase: z.string().min(8, 'Use at least 8 characters.').max(1024) }), secretsStatusSchema),
  'vault:unlock': method(z.object({ passphrase }), secretsStatusSchema),
  'vault:lock': method(z.object({}), secretsStatusSchema),
};

export const vaultEvents = {
  'vault:changed': secretsStatusSchema,
};
