import { z } from 'zod';
import { method } from './define';

/**
 * How the app makes sure the user is there before it shows a secret: the OS asks (Touch ID), or
 * the user types the vault passphrase (secrets kept in the vault) or a reveal passphrase set once.
 */
export const presenceSchema = z.object({
  method: z.enum(['os', 'vault-passphrase', 'reveal-passphrase']),
  /** For `reveal-passphrase`: whether one was set; until then a reveal asks to set one first. */
  isPassphraseSet: z.boolean(),
});
export type Presence = z.infer<typeof presenceSchema>;

/** A secret of a deployment by name; its value never appears in a list. */
export const credentialSchema = z.object({
  name: z.string(),
  /** `generated`: made by the app at deploy (the template's secrets); `password`: a password variable the user typed. */
  kind: z.enum(['generated', 'password']),
  description: z.string(),
});
export type Credential = z.infer<typeof credentialSchema>;

const passphrase = z.string().max(1024);
const newPassphrase = z.string().min(8, 'Use at least 8 characters.').max(1024);
const named = z.object({ id: z.string().min(1), name: z.string().min(1).max(64) });

export const credentialsMethods = {
  'credentials:list': method(
    z.object({ id: z.string().min(1) }),
    z.object({ credentials: z.array(credentialSchema), presence: presenceSchema }),
  ),
  /** One value, after presence; each reveal and each refused attempt is kept in the deployment's history by name. */
  'credentials:reveal': method(
    named.extend({ passphrase: passphrase.optional() }),
    z.object({ name: z.string(), value: z.string() }),
  ),
  /** The first reveal passphrase, or a new one given the current one. Stored only as a salted scrypt hash. */
  'credentials:set-passphrase': method(
    z.object({ passphrase: newPassphrase, current: passphrase.optional() }),
    presenceSchema,
  ),
  /** A generated secret given a new value, made as the deploy makes it, then applied as an update. */
  'credentials:rotate': method(
    named.extend({ acceptFindings: z.array(z.string().max(2048)).max(500).default([]) }),
    z.object({ deploymentId: z.string(), jobId: z.string() }),
  ),
};
