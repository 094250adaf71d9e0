import { createPrivateKey } from 'node:crypto';
import type { ParsedKey } from 'ssh2';
import { sshUtils as utils } from '../ssh/ssh2-utils';
import type { KeyType } from '@shared/contract/keys';
import { AppError } from '@shared/result';
import { sha256Fingerprint } from '../ssh/fingerprint';

export interface KeyFacts {
  type: KeyType;
  /** authorized_keys line: `<algorithm> <base64> <comment>`. */
  publicKey: string;
  fingerprint: string;
  isEncrypted: boolean;
}

const typeOf = (algorithm: string): KeyType | null => {
  if (algorithm === 'ssh-ed25519') return 'ed25519';
  if (algorithm === 'ssh-rsa') return 'rsa';
  if (algorithm.startsWith('ecdsa-sha2-')) return 'ecdsa';
  return null;
};

const comment = (name: string) => name.replace(/\s+/g, '-').replace(/[^\w.@-]/g, '') || 'hoster';

/** ssh2 may answer with an array (an OpenSSH file can hold several keys); its types do not say so. */
export function parseKeyText(text: string, passphrase?: string): ParsedKey | Error | undefined {
  const parsed = utils.parseKey(text, passphrase) as ParsedKey | Error | ParsedKey[];
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

const isPassphraseError = (message: string) => /passphrase|decrypt/i.test(message);

/** PKCS#8 ("BEGIN PRIVATE KEY") is not read by ssh2; Node reads it and re-exports RSA and EC in forms ssh2 knows. */
function fromPkcs8(text: string, passphrase: string | undefined): ParsedKey | Error {
  let key;
  try {
    key = createPrivateKey({ key: text, format: 'pem', passphrase });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(/passphrase|decrypt|bad/i.test(message) ? 'bad passphrase' : message);
  }
  const pem =
    key.asymmetricKeyType === 'rsa'
      ? key.export({ type: 'pkcs1', format: 'pem' })
      : key.asymmetricKeyType === 'ec'
        ? key.export({ type: 'sec1', format: 'pem' })
        : null;
  if (pem === null) return new Error(`Unsupported key format (${key.asymmetricKeyType ?? 'unknown'} in PKCS#8)`);
  return parseKeyText(pem.toString()) ?? new Error('empty key file');
}

/**
 * Reads a private key in OpenSSH, PEM (PKCS#1 / SEC1, encrypted or not) or PKCS#8 form.
 * Decrypting an encrypted OpenSSH key costs about 0.3 s of CPU, so callers cache the result.
 */
export function parsePrivateKey(text: string, passphrase?: string): ParsedKey {
  const trimmed = text.trim();
  let key = parseKeyText(trimmed, passphrase || undefined);
  if (key instanceof Error && /unsupported key format/i.test(key.message) && /BEGIN (ENCRYPTED )?PRIVATE KEY/.test(trimmed)) {
    key = fromPkcs8(trimmed, passphrase || undefined);
  }
  if (key === undefined) throw new AppError('invalid_input', 'The file holds no key.', { field: 'privateKey' });
  if (key instanceof Error) {
    if (/no passphrase given/i.test(key.message)) {
      throw new AppError('invalid_input', 'This key is encrypted: type its passphrase.', { field: 'passphrase', details: { needsPassphrase: true } });
    }
    if (isPassphraseError(key.message)) throw new AppError('invalid_input', 'That passphrase does not decrypt this key.', { field: 'passphrase' });
    throw new AppError('invalid_input', `This is not a private key this app can read (${key.message}). Paste an OpenSSH or PEM private key.`, { field: 'privateKey' });
  }
  if (!key.isPrivateKey()) {
    throw new AppError('invalid_input', 'That is a public key. Paste the private key (the file without .pub).', { field: 'privateKey' });
  }
  return key;
}

export function describeKey(key: ParsedKey, name: string, isEncrypted: boolean): KeyFacts {
  const type = typeOf(key.type);
  if (!type) throw new AppError('invalid_input', `Keys of type ${key.type} are not supported; use ed25519, RSA or ECDSA.`, { field: 'privateKey' });
  const blob = key.getPublicSSH();
  return { type, publicKey: `${key.type} ${blob.toString('base64')} ${comment(name)}`, fingerprint: sha256Fingerprint(blob), isEncrypted };
}

/** Whether the key text needs a passphrase, found without the slow decryption. */
export function isEncryptedKey(text: string): boolean {
  const trimmed = text.trim();
  if (/Proc-Type:\s*4,ENCRYPTED|BEGIN ENCRYPTED PRIVATE KEY/.test(trimmed)) return true;
  const probe = parseKeyText(trimmed);
  return probe instanceof Error && /no passphrase given/i.test(probe.message);
}

/** A new key pair in OpenSSH format. RSA runs on the thread pool: 4096 bits takes a second or more. */
export function generateKey(type: 'ed25519' | 'rsa', name: string): Promise<{ privateKey: string; facts: KeyFacts }> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, pair: { private: string; public: string }) => {
      if (error) return reject(error);
      try {
        const key = parsePrivateKey(pair.private);
        resolve({ privateKey: pair.private, facts: describeKey(key, name, false) });
      } catch (failure) {
        reject(failure instanceof Error ? failure : new Error(String(failure)));
      }
    };
    if (type === 'rsa') utils.generateKeyPair('rsa', { bits: 4096, comment: comment(name) }, done);
    else utils.generateKeyPair('ed25519', { comment: comment(name) }, done);
  });
}
