import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Server, type Algorithms, type Client, type NegotiatedAlgorithms, type ParsedKey } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519Pair } from '../../../../tests/helpers/ssh-keys';
import { sha256Fingerprint } from './fingerprint';
import { offeredAlgorithms, SSH_ALGORITHM_POLICY, SSH_ALGORITHMS } from './ssh-algorithms';
import { connectSsh, scanHostKey, type SshTimings } from './ssh-connect';
import { sshUtils } from './ssh2-utils';

// Read here on its own rather than through ssh2-utils, so the test checks the code against ssh2 itself.
const ssh2Constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as Record<
  'SUPPORTED_KEX' | 'SUPPORTED_CIPHER' | 'SUPPORTED_SERVER_HOST_KEY' | 'SUPPORTED_MAC',
  string[]
>;
const supportedByCategory = {
  kex: ssh2Constants.SUPPORTED_KEX,
  cipher: ssh2Constants.SUPPORTED_CIPHER,
  serverHostKey: ssh2Constants.SUPPORTED_SERVER_HOST_KEY,
  hmac: ssh2Constants.SUPPORTED_MAC,
};
const categories = ['kex', 'cipher', 'serverHostKey', 'hmac'] as const;

/** SHA-1 anywhere (ssh-rsa signs with it), 1024-bit groups, CBC, RC4, MD5, RIPEMD, DSA, truncated MACs. */
const weak = /sha1|^ssh-rsa$|ssh-dss|group1-|-cbc$|arcfour|md5|ripemd|-96$/;

describe('the SSH algorithm list', () => {
  it('has no SHA-1, no CBC, no ssh-rsa and no 1024-bit group', () => {
    for (const category of categories) {
      expect(SSH_ALGORITHM_POLICY[category].filter((name) => weak.test(name))).toEqual([]);
    }
    // The pattern itself catches what ssh2 would offer by default.
    expect(
      ['diffie-hellman-group14-sha1', 'ssh-rsa', 'aes256-cbc', 'hmac-sha1-etm@openssh.com'].every((name) =>
        weak.test(name),
      ),
    ).toBe(true);
  });

  it('names only algorithms ssh2 supports, and under Node offers all of them', () => {
    for (const category of categories) {
      const unknown = SSH_ALGORITHM_POLICY[category].filter(
        (name) => !supportedByCategory[category].includes(name),
      );
      expect(unknown, category).toEqual([]);
      expect(SSH_ALGORITHMS[category], category).toEqual(SSH_ALGORITHM_POLICY[category]);
    }
  });

  it('leaves out what the runtime lacks, as Electron lacks chacha20, and refuses an emptied list', () => {
    const electronLike = {
      ...supportedByCategory,
      cipher: supportedByCategory.cipher.filter((name) => !name.startsWith('chacha20')),
    };
    expect(offeredAlgorithms(SSH_ALGORITHM_POLICY, electronLike).cipher).toEqual([
      'aes256-gcm@openssh.com',
      'aes128-gcm@openssh.com',
      'aes256-ctr',
      'aes192-ctr',
      'aes128-ctr',
    ]);
    // ssh2 reads an empty list as "use the defaults", SHA-1 included.
    expect(() =>
      offeredAlgorithms(SSH_ALGORITHM_POLICY, { ...supportedByCategory, hmac: ['hmac-sha1'] }),
    ).toThrow(/hmac/);
  });
});

const timings: SshTimings = { readyTimeoutMs: 5_000, keepaliveIntervalMs: 5_000, keepaliveCountMax: 3 };
const clientKey = sshUtils.parseKey(ed25519Pair().private) as ParsedKey;

/** Servers started in a test of the calling `describe` stop after that test. */
function useSshServers() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** An in-process SSH server that offers only `algorithms` and lets any key in. */
  async function startServer(algorithms: Algorithms, hostKeyType: 'ed25519' | 'rsa' = 'ed25519') {
    const hostKey =
      hostKeyType === 'rsa'
        ? sshUtils.generateKeyPairSync('rsa', { bits: 2048 })
        : ed25519Pair();
    const negotiated: NegotiatedAlgorithms[] = [];
    const server = new Server({ hostKeys: [hostKey.private], algorithms }, (connection) => {
      connection.on('handshake', (chosen) => negotiated.push(chosen));
      connection.on('authentication', (context) => context.accept());
      // Refused handshakes and host key scans hang up mid-exchange on purpose; the test asserts the client's side.
      connection.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const clients: Client[] = [];
    cleanups.push(async () => {
      clients.forEach((client) => client.end());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const port = (server.address() as AddressInfo).port;
    const fingerprint = sha256Fingerprint((sshUtils.parseKey(hostKey.public) as ParsedKey).getPublicSSH());
    const connect = async () => {
      const client = await connectSsh(
        {
          host: '127.0.0.1',
          port,
          user: 'deploy',
          auth: { type: 'key', key: clientKey },
          pinnedFingerprint: fingerprint,
        },
        { timings },
      );
      clients.push(client);
      return client;
    };
    return { port, fingerprint, negotiated, connect };
  }

  return startServer;
}

describe('connecting with the SSH algorithm list', () => {
  const startServer = useSshServers();

  it('agrees on the first choices with a server that offers everything', async () => {
    const server = await startServer({});
    await server.connect();
    expect(server.negotiated).toEqual([
      expect.objectContaining({
        kex: 'curve25519-sha256',
        serverHostKey: 'ssh-ed25519',
        cs: expect.objectContaining({ cipher: 'chacha20-poly1305@openssh.com' }) as unknown,
      }),
    ]);
    expect(await scanHostKey('127.0.0.1', server.port, { timings })).toEqual({
      fingerprint: server.fingerprint,
      algorithm: 'ssh-ed25519',
    });
  });

  it.each<[string, Algorithms, 'ed25519' | 'rsa']>([
    [
      'SHA-1 key exchange',
      {
        kex: [
          'diffie-hellman-group14-sha1',
          'diffie-hellman-group1-sha1',
          'diffie-hellman-group-exchange-sha1',
        ],
      },
      'ed25519',
    ],
    ['CBC ciphers', { cipher: ['aes256-cbc', 'aes128-cbc', '3des-cbc'] }, 'ed25519'],
    ['ssh-rsa (SHA-1) host key signatures', { serverHostKey: ['ssh-rsa'] }, 'rsa'],
    ['SHA-1 and MD5 MACs', { cipher: ['aes128-ctr'], hmac: ['hmac-sha1', 'hmac-md5'] }, 'ed25519'],
  ])(
    'refuses a server that offers only %s, before any key is checked or sent',
    async (_, algorithms, hostKeyType) => {
      const server = await startServer(algorithms, hostKeyType);
      await expect(server.connect()).rejects.toMatchObject({
        code: 'host_unreachable',
        message: expect.stringMatching(/handshake .* failed: Handshake failed: no matching/) as unknown,
      });
      await expect(scanHostKey('127.0.0.1', server.port, { timings })).rejects.toMatchObject({
        message: expect.stringMatching(/no matching/) as unknown,
      });
      expect(server.negotiated).toEqual([]);
    },
  );
});
