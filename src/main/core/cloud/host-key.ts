import { sha256Fingerprint } from '../ssh/fingerprint';
import { sshUtils } from '../ssh/ssh2-utils';

export interface HostKeyPair {
  /** OpenSSH private key, for cloud-init only: never stored, never logged. */
  privateKey: string;
  /** `ssh-ed25519 AAAA… <comment>`. */
  publicKey: string;
  /** `SHA256:…`, pinned as the node's host key before the first connection. */
  fingerprint: string;
}

const readsBack = (text: string) => !(sshUtils.parseKey(text) instanceof Error);

/**
 * A fresh ed25519 host key for a server the app creates, so its first connection needs no
 * trust-on-first-use. About 1 in 256 pairs ssh2 makes cannot be read back (a public key with a
 * leading zero byte: mscdex/ssh2 #1390, #1513); such a pair is made again.
 */
export function generateHostKey(serverName: string): HostKeyPair {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const pair = sshUtils.generateKeyPairSync('ed25519', { comment: `root@${serverName}` });
    if (!readsBack(pair.public) || !readsBack(pair.private)) continue;
    const blob = Buffer.from(pair.public.trim().split(/\s+/)[1] ?? '', 'base64');
    return { privateKey: pair.private, publicKey: pair.public.trim(), fingerprint: sha256Fingerprint(blob) };
  }
  throw new Error('20 host keys in a row could not be read back');
}
