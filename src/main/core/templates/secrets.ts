import { randomBytes } from 'node:crypto';
import type { TemplateManifest, TemplateSecret } from '@shared/contract/template-model';

export type RandomSource = (size: number) => Uint8Array;

/** Letters and digits only, so a password survives URLs, shells and config files unquoted. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The largest multiple of the alphabet size below 256: bytes above it are redrawn, so every character is equally likely. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

function password(length: number, random: RandomSource): string {
  let out = '';
  for (let round = 0; out.length < length; round += 1) {
    if (round > 64) throw new Error('The random source gives no usable bytes.');
    for (const byte of random(length * 2)) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += ALPHABET.charAt(byte % ALPHABET.length);
    }
  }
  return out;
}

function uuid(random: RandomSource): string {
  const bytes = Uint8Array.from(random(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function generateSecret(secret: TemplateSecret, random: RandomSource = randomBytes): string {
  switch (secret.kind) {
    case 'password':
      return password(secret.length, random);
    case 'hex':
      return Buffer.from(random(secret.bytes)).toString('hex');
    case 'base64':
      return Buffer.from(random(secret.bytes)).toString('base64');
    case 'uuid':
      return uuid(random);
  }
}

/** Fresh values for every secret the template declares; the deployment stores them once and reuses them. */
export function generateSecrets(
  manifest: Pick<TemplateManifest, 'secrets'>,
  random: RandomSource = randomBytes,
): Record<string, string> {
  return Object.fromEntries(manifest.secrets.map((secret) => [secret.name, generateSecret(secret, random)]));
}
