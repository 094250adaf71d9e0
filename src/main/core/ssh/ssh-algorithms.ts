import type { Algorithms, CipherAlgorithm, KexAlgorithm, MacAlgorithm, ServerHostKeyAlgorithm } from 'ssh2';
import { AppError } from '@shared/result';
import { ssh2Supported, type Ssh2SupportedAlgorithms } from './ssh2-utils';

export interface SshAlgorithmPolicy {
  kex: readonly KexAlgorithm[];
  cipher: readonly CipherAlgorithm[];
  serverHostKey: readonly ServerHostKeyAlgorithm[];
  hmac: readonly MacAlgorithm[];
}

/**
 * What every connection may negotiate, most preferred first. ssh2's own offer still carries SHA-1
 * (ssh-rsa signatures, hmac-sha1); this list has no SHA-1, no CBC, no 1024-bit group, and
 * Diffie-Hellman only over fixed groups of 2048 bits or more with SHA-2. OpenSSH 7.4 and later
 * offer all of it by default. Host keys keep ssh2's order (ed25519 first), so a node pinned
 * before this list presents the same key.
 */
export const SSH_ALGORITHM_POLICY: SshAlgorithmPolicy = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
    'diffie-hellman-group14-sha256',
  ],
  cipher: [
    'chacha20-poly1305@openssh.com',
    'aes256-gcm@openssh.com',
    'aes128-gcm@openssh.com',
    'aes256-ctr',
    'aes192-ctr',
    'aes128-ctr',
  ],
  serverHostKey: [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
  ],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
};

/**
 * The policy less what this runtime's ssh2 cannot do, which would otherwise throw "Unsupported
 * algorithm" on every connect: Electron's BoringSSL has no chacha20, so the desktop app offers the
 * AES ciphers only (https://github.com/electron/electron/issues/24024). An emptied list is refused:
 * ssh2 would read an empty list as "use the defaults", SHA-1 included.
 */
export function offeredAlgorithms(
  policy: SshAlgorithmPolicy,
  supported: Ssh2SupportedAlgorithms,
): Algorithms {
  const keep = <T extends string>(category: keyof SshAlgorithmPolicy, wanted: readonly T[]): T[] => {
    const kept = wanted.filter((name) => supported[category].includes(name));
    if (kept.length === 0)
      throw new AppError('unsupported', `ssh2 supports none of the ${category} algorithms this app allows.`);
    return kept;
  };
  return {
    kex: keep('kex', policy.kex),
    cipher: keep('cipher', policy.cipher),
    serverHostKey: keep('serverHostKey', policy.serverHostKey),
    hmac: keep('hmac', policy.hmac),
  };
}

/** Passed to every ssh2 `connect`: node connections, jump hosts and host key scans alike. */
export const SSH_ALGORITHMS: Algorithms = offeredAlgorithms(SSH_ALGORITHM_POLICY, ssh2Supported);
