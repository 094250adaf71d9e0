import { sshUtils as utils } from '../../src/main/core/ssh/ssh2-utils';

type KeyOptions = Parameters<typeof utils.generateKeyPairSync>[1];

/**
 * An ed25519 key pair from ssh2 that ssh2 itself can read back. About 1 in 256 pairs ssh2 generates
 * cannot be parsed by its own `parseKey` (it strips a leading zero byte of the public key: mscdex/ssh2
 * issues #1390, #1513), which made tests fail at random; such a pair is generated again (bounded).
 */
export function ed25519Pair(options?: KeyOptions): { private: string; public: string } {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const pair = options ? utils.generateKeyPairSync('ed25519', options) : utils.generateKeyPairSync('ed25519');
    const passphrase = (options as { passphrase?: string } | undefined)?.passphrase;
    const readable =
      !(utils.parseKey(pair.public) instanceof Error) && !(utils.parseKey(pair.private, passphrase) instanceof Error);
    if (readable) return pair;
  }
  throw new Error('ssh2 generated 20 unreadable ed25519 keys in a row');
}
