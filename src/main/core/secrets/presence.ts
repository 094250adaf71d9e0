import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Presence } from '@shared/contract/credentials';
import { AppError } from '@shared/result';
import type { SecretBackend } from './secret-backend';
import type { SecretStore } from './secret-store';
import { defaultScryptParams, type ScryptParams } from './vault-secret-store';

/**
 * The host's own way to ask whether the user is at the machine (Touch ID on a Mac), given to the
 * core by the desktop shell. Where it is absent or cannot ask, the user types a passphrase instead.
 */
export interface OsPresence {
  canAsk(): boolean;
  /** Resolves true when the user confirmed, false when they declined or the prompt failed. */
  ask(reason: string): Promise<boolean>;
}

const ACCOUNT = 'reveal-passphrase';

interface StoredHash extends ScryptParams {
  salt: string;
  hash: string;
}

const hashOf = (passphrase: string, salt: Buffer, params: ScryptParams) =>
  new Promise<Buffer>((resolve, reject) => {
    const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

export const refusedError = (why: string) =>
  new AppError('unauthorized', `Not revealed: ${why}`, { field: 'passphrase' });

export interface PresenceCheck {
  status(): Promise<Presence>;
  /** Resolves when the user proved they are there; otherwise throws `unauthorized` saying why. */
  confirm(reason: string, passphrase: string | undefined): Promise<void>;
  setPassphrase(passphrase: string, current: string | undefined): Promise<Presence>;
}

/** The reveal passphrase as the SecretStore keeps it: a salted scrypt hash, never the passphrase. */
function revealPassphrase(store: SecretStore, params: ScryptParams) {
  const stored = async (): Promise<StoredHash | null> => {
    const text = await store.get(ACCOUNT);
    return text ? (JSON.parse(text) as StoredHash) : null;
  };
  return {
    isSet: async () => (await stored()) !== null,
    /** null when none is set yet. */
    async matches(passphrase: string): Promise<boolean | null> {
      const hash = await stored();
      if (!hash) return null;
      const expected = Buffer.from(hash.hash, 'base64');
      const actual = await hashOf(passphrase, Buffer.from(hash.salt, 'base64'), hash);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    async set(passphrase: string) {
      const salt = randomBytes(16);
      const hash = await hashOf(passphrase, salt, params);
      const record: StoredHash = { ...params, salt: salt.toString('base64'), hash: hash.toString('base64') };
      await store.set(ACCOUNT, JSON.stringify(record));
    },
  };
}

const noPassphraseNeeded = (method: Presence['method']) =>
  new AppError(
    'conflict',
    method === 'os'
      ? 'This computer asks you itself before a reveal: no passphrase is needed.'
      : 'A reveal asks for the vault passphrase: no other passphrase is needed.',
  );

/** Presence before a secret is shown: the OS prompt where there is one, else the vault or reveal passphrase. */
export function createPresenceCheck(deps: {
  os?: OsPresence | undefined;
  backend: Pick<SecretBackend, 'status' | 'verifyVaultPassphrase'>;
  store: SecretStore;
  scryptParams?: ScryptParams;
}): PresenceCheck {
  const reveal = revealPassphrase(deps.store, deps.scryptParams ?? defaultScryptParams);
  const status = async (): Promise<Presence> => {
    if (deps.os?.canAsk()) return { method: 'os', isPassphraseSet: false };
    if ((await deps.backend.status()).backend === 'vault')
      return { method: 'vault-passphrase', isPassphraseSet: false };
    return { method: 'reveal-passphrase', isPassphraseSet: await reveal.isSet() };
  };

  const confirmPassphrase = async (method: Presence['method'], passphrase: string | undefined) => {
    const label = method === 'vault-passphrase' ? 'vault passphrase' : 'reveal passphrase';
    if (!passphrase) throw refusedError(`type your ${label}.`);
    if (method === 'vault-passphrase') {
      await deps.backend.verifyVaultPassphrase(passphrase).catch(() => {
        throw refusedError('that is not the vault passphrase.');
      });
      return;
    }
    const matches = await reveal.matches(passphrase);
    if (matches === null) throw refusedError('set a reveal passphrase first.');
    if (!matches) throw refusedError('that is not the reveal passphrase.');
  };

  return {
    status,
    async confirm(reason, passphrase) {
      const { method } = await status();
      if (method !== 'os') return confirmPassphrase(method, passphrase);
      if (!(await deps.os?.ask(reason))) throw refusedError('the system prompt was declined.');
    },
    async setPassphrase(passphrase, current) {
      const { method } = await status();
      if (method !== 'reveal-passphrase') throw noPassphraseNeeded(method);
      const isCurrent = current ? await reveal.matches(current) : null;
      if ((await reveal.isSet()) && isCurrent !== true)
        throw new AppError('unauthorized', 'Type the current reveal passphrase to set a new one.', {
          field: 'current',
        });
      await reveal.set(passphrase);
      return status();
    },
  };
}
