import { describe, expect, it } from 'vitest';
import { keyAlgorithmOf, sha256Fingerprint } from './fingerprint';

// A host key and the fingerprint `ssh-keygen -lf` printed for it.
const line = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGOCTh7skM9DpBfh9WCg769E+CHZhhVVxKEAYdmGtBIp hoster-rig-node1';
const blob = Buffer.from(line.split(' ')[1] ?? '', 'base64');

describe('sha256Fingerprint', () => {
  it('matches ssh-keygen -lf, without base64 padding', () => {
    expect(sha256Fingerprint(blob)).toBe('SHA256:BHL3CrRfJ54X4LJ+XBt9G8R3x9xzH+NH3/RK3DVJtWk');
  });

  it('differs for a different key', () => {
    const other = Buffer.from(blob);
    other[other.length - 1] = (other[other.length - 1] ?? 0) ^ 1;
    expect(sha256Fingerprint(other)).not.toBe(sha256Fingerprint(blob));
  });
});

describe('keyAlgorithmOf', () => {
  it('reads the algorithm name from the blob', () => {
    expect(keyAlgorithmOf(blob)).toBe('ssh-ed25519');
    expect(keyAlgorithmOf(Buffer.alloc(2))).toBe('unknown');
  });
});
