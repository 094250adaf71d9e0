import { createHash } from 'node:crypto';

/** `SHA256:<base64 without padding>` of a key blob in SSH wire format, as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the head of an SSH wire-format key blob (`ssh-ed25519`, `ssh-rsa`…). */
export function keyAlgorithmOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length < 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('ascii') : 'unknown';
}
