import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '@shared/result';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 0.3-0.5 s and 128 MiB on a laptop: slow enough to make guessing costly, quick enough to unlock. */
export const defaultScryptParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

interface VaultFile {
  format: 'hoster-vault';
  version: 1;
  kdf: { name: 'scrypt'; salt: string } & ScryptParams;
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

const deriveKey = (passphrase: string, salt: Buffer, params: ScryptParams) =>
  new Promise<Buffer>((resolve, reject) => {
    const options: ScryptOptions = {
      N: params.N,
      r: params.r,
      p: params.p,
      maxmem: 256 * params.N * params.r + 1024 * 1024,
    };
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

export function sealVault(
  entries: Record<string, string>,
  key: Buffer,
  salt: Buffer,
  params: ScryptParams,
): VaultFile {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(entries), 'utf8'), cipher.final()]);
  return {
    format: 'hoster-vault',
    version: 1,
    kdf: { name: 'scrypt', salt: salt.toString('base64'), ...params },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Throws when the key is wrong or the file was altered: GCM's tag covers every byte. */
export function openVault(file: VaultFile, key: Buffer): Record<string, string> {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, string>;
}

const readVaultFile = (path: string): VaultFile => {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<VaultFile>;
  if (parsed.format !== 'hoster-vault' || parsed.version !== 1 || parsed.kdf?.name !== 'scrypt') {
    throw new AppError('unsupported', `${path} is not a vault this app can read.`);
  }
  return parsed as VaultFile;
};

interface UnlockedVault {
  key: Buffer;
  salt: Buffer;
  params: ScryptParams;
  entries: Record<string, string>;
}

/** Writes a temporary file (0600) and renames it over `path`, so a crash leaves the old vault or the new one. */
async function replaceFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, path);
}

const lockedError = (path: string) =>
  new AppError(
    'vault_locked',
    existsSync(path)
      ? 'The vault is locked. Unlock it in Settings with its passphrase.'
      : 'No OS keychain is reachable and no vault exists yet. Create a vault in Settings.',
  );

async function openVaultFile(path: string, passphrase: string): Promise<UnlockedVault> {
  const file = readVaultFile(path);
  const salt = Buffer.from(file.kdf.salt, 'base64');
  const fileParams = { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p };
  const key = await deriveKey(passphrase, salt, fileParams);
  try {
    return { key, salt, params: fileParams, entries: openVault(file, key) };
  } catch {
    throw new AppError('invalid_input', 'That passphrase does not open the vault.', { field: 'passphrase' });
  }
}

/**
 * Secrets in one file, encrypted with AES-256-GCM under a key derived with scrypt from a passphrase
 * typed at unlock. Used where no OS keychain answers. The key and the entries stay in memory only
 * while unlocked; every write re-encrypts the whole file with a fresh IV and replaces it atomically.
 */
export function createVaultSecretStore(path: string, params: ScryptParams = defaultScryptParams) {
  let unlocked: UnlockedVault | null = null;
  let writes: Promise<void> = Promise.resolve();

  const persist = () => {
    const state = unlocked;
    if (!state) return Promise.resolve();
    const sealed = JSON.stringify(sealVault(state.entries, state.key, state.salt, state.params));
    writes = writes.then(() => replaceFile(path, sealed));
    return writes;
  };

  const open = () => {
    if (!unlocked) throw lockedError(path);
    return unlocked;
  };

  return {
    file: path,
    exists: () => existsSync(path),
    isUnlocked: () => unlocked !== null,

    async create(passphrase: string) {
      if (existsSync(path))
        throw new AppError('conflict', `A vault already exists at ${path}. Unlock it instead.`);
      const salt = randomBytes(16);
      unlocked = { key: await deriveKey(passphrase, salt, params), salt, params, entries: {} };
      await persist();
    },

    async unlock(passphrase: string) {
      if (!existsSync(path)) throw new AppError('not_found', 'There is no vault yet. Create one first.');
      unlocked = await openVaultFile(path, passphrase);
    },

    /** Whether `passphrase` opens the vault file, without changing what is unlocked: proof of presence before a reveal. */
    async verify(passphrase: string) {
      if (!existsSync(path)) throw new AppError('not_found', 'There is no vault yet. Create one first.');
      (await openVaultFile(path, passphrase)).key.fill(0);
    },

    lock() {
      unlocked?.key.fill(0);
      unlocked = null;
    },

    get: (account: string) => Promise.resolve().then(() => open().entries[account] ?? null),
    async set(account: string, secret: string) {
      open().entries[account] = secret;
      await persist();
    },
    async delete(account: string) {
      const state = open();
      if (!(account in state.entries)) return;
      state.entries = Object.fromEntries(Object.entries(state.entries).filter(([name]) => name !== account));
      await persist();
    },
  };
}

export type VaultSecretStore = ReturnType<typeof createVaultSecretStore>;
