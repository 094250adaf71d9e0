import { z } from 'zod';
import { method } from './define';

export const keyTypeSchema = z.enum(['ed25519', 'rsa', 'ecdsa']);
export type KeyType = z.infer<typeof keyTypeSchema>;

/** What the app shows of a key: never the private half, which lives only in the secret store. */
export const sshKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: keyTypeSchema,
  /** One authorized_keys line: `ssh-ed25519 AAAA… name`. */
  publicKey: z.string(),
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: z.string(),
  isEncrypted: z.boolean(),
  createdAt: z.string(),
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type SshKey = z.infer<typeof sshKeySchema>;

const keyName = z.string().trim().min(1, 'Give the key a name.').max(100);

export const keysMethods = {
  'keys:list': method(z.object({}), z.array(sshKeySchema)),
  'keys:generate': method(z.object({ name: keyName, type: z.enum(['ed25519', 'rsa']).default('ed25519') }), sshKeySchema),
  /** `privateKey` is the file's text (OpenSSH or PEM); a passphrase is needed only for an encrypted key. */
  'keys:import': method(
    z.object({ name: keyName, privateKey: z.string().min(1, 'Paste the private key.').max(64 * 1024), passphrase: z.string().max(1024).optional() }),
    sshKeySchema,
  ),
  'keys:rename': method(z.object({ id: z.string().min(1), name: keyName }), sshKeySchema),
  'keys:delete': method(z.object({ id: z.string().min(1) }), z.object({ id: z.string() })),
};

export const keysEvents = {
  'keys:changed': z.array(sshKeySchema),
};
