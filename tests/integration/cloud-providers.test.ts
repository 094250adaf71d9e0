import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'ssh2';
import { stringify } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cloudProviders } from '../../src/main/core/cloud/providers';
import { applyCloudInit, readCloudConfig, type CloudInitEffect } from '../fakes/cloud/cloud-init-effect';
import { startRigCloud, type RigCloud } from '../fakes/cloud/rig-cloud';
import { isAlive } from '../helpers/processes';
import { ed25519Pair } from '../helpers/ssh-keys';
import { waitForBanner } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';

/** A loopback address no other test file uses: the "created server" listens on its port 22. */
const SERVER_HOST = '127.0.75.22';
const SPARE_HOST = '127.0.75.23';
const rig = loadRig();
const dir = makeTempDir('hoster-cloud-');
const client = ed25519Pair({ comment: 'hoster-user' });
const signal = new AbortController().signal;
let effects: CloudInitEffect[] = [];

const fingerprintOf = (publicKey: string) =>
  'SHA256:' +
  createHash('sha256')
    .update(Buffer.from(publicKey.split(' ')[1] ?? '', 'base64'))
    .digest('base64')
    .replace(/=+$/, '');

/** The part of the app's user data that decides first contact: its own host key and the user's key. */
function userData(hostKey: { private: string; public: string }, authorized = client.public): string {
  const config = {
    ssh_keys: { ed25519_private: hostKey.private, ed25519_public: hostKey.public },
    ssh_authorized_keys: [authorized],
  };
  return '#cloud-config\n' + stringify(config);
}

/** Connects with the client key, accepting only `fingerprint`; runs `command`; says what the host showed. */
function connect(host: string, fingerprint: string, command: string, privateKey = client.private) {
  return new Promise<{ seen: string; output: string }>((resolve, reject) => {
    const ssh = new Client();
    let seen = '';
    ssh.on('ready', () =>
      ssh.exec(command, (error, stream) => {
        if (error) return reject(error);
        let output = '';
        stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
        stream.on('close', () => {
          ssh.end();
          resolve({ seen, output: output.trim() });
        });
      }),
    );
    ssh.on('error', (error) => reject(Object.assign(error, { seen })));
    ssh.connect({
      host,
      port: 22,
      username: 'root',
      privateKey,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => {
        seen = 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
        return seen === fingerprint;
      },
    });
  });
}

afterEach(async () => {
  for (const effect of effects) await effect.stop();
  effects = [];
});

afterAll(() => dir.remove());

describe("cloud-init's effect, applied by the rig", () => {
  it('serves exactly the host key from the user data on port 22 and accepts only the authorized key', async () => {
    const hostKey = ed25519Pair({ comment: 'server-host-key' });
    const effect = await applyCloudInit(userData(hostKey), {
      host: SERVER_HOST,
      dockerHost: rig.dockerHost,
      dir: join(dir.path, 'a'),
    });
    effects.push(effect);
    const expected = fingerprintOf(hostKey.public);
    expect(effect.sshd.hostKeyFingerprint()).toBe(expected);
    const { seen, output } = await connect(SERVER_HOST, expected, 'echo "$DOCKER_HOST"');
    expect(seen).toBe(expected);
    expect(output).toBe(rig.dockerHost);

    const stranger = ed25519Pair();
    await expect(connect(SERVER_HOST, expected, 'true', stranger.private)).rejects.toThrow(
      /authentication methods failed/,
    );
    // The listener's own pid (sshd writes it): stop() ends it by pid and waits until it is gone.
    const listener = Number(readFileSync(join(effect.sshd.dir, 'sshd.pid'), 'utf8'));
    expect(isAlive(listener)).toBe(true);
    await effect.stop();
    await expect(waitForBanner(SERVER_HOST, 22, 300)).rejects.toThrow('did not answer');
    expect(isAlive(listener)).toBe(false);
  });

  it('refuses user data without a host key or an authorized key, saying which', () => {
    expect(() => readCloudConfig('#cloud-config\nssh_authorized_keys: [x]\n')).toThrow(
      'no ssh_keys.ed25519_private',
    );
    const withKey = userData(ed25519Pair()).replace(/ssh_authorized_keys:[\s\S]*$/, '');
    expect(() => readCloudConfig(withKey)).toThrow('authorizes no key');
    expect(() => readCloudConfig('#!/bin/sh\necho hi\n')).toThrow('"#cloud-config"');
  });

  it('says so when the user it would log in as does not exist on the rig machine', async () => {
    const config = {
      ssh_keys: { ed25519_private: ed25519Pair().private },
      users: [{ name: 'no-such-user-here', ssh_authorized_keys: [client.public] }],
    };
    const options = { host: SERVER_HOST, dockerHost: rig.dockerHost, dir: join(dir.path, 'b') };
    await expect(applyCloudInit('#cloud-config\n' + stringify(config), options)).rejects.toThrow(
      'user no-such-user-here does not exist on this machine',
    );
    await expect(waitForBanner(SERVER_HOST, 22, 300)).rejects.toThrow('did not answer');
  });
});

describe("cloud-init's effect on a taken address", () => {
  it('refuses to start when something already listens there, instead of letting a stranger answer', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(22, SPARE_HOST, resolve));
    const options = { host: SPARE_HOST, dockerHost: rig.dockerHost, dir: join(dir.path, 'c') };
    await expect(applyCloudInit(userData(ed25519Pair()), options)).rejects.toThrow(
      `something already listens on ${SPARE_HOST}:22`,
    );
    await new Promise((resolve) => squatter.close(resolve));
  });
});

describe('a server created through each fake provider', () => {
  const clouds: RigCloud[] = [];
  afterAll(async () => {
    for (const cloud of clouds) await cloud.stop();
  });

  for (const id of ['digitalocean', 'hetzner'] as const) {
    it(`${id}: created → running → answers SSH with the pinned key → deleted and gone, nothing left tagged`, async () => {
      const token = `token-${id}`;
      const cloud = await startRigCloud(id, {
        token,
        rig,
        hosts: [SERVER_HOST],
        dir: join(dir.path, id),
        readyAfterGets: 2,
      });
      clouds.push(cloud);
      const provider = cloudProviders({ apiBases: { [id]: cloud.fake.url } })[id];
      const hostKey = ed25519Pair();
      const catalog = await provider.catalog(token, signal);
      const size = catalog.sizes[0]!;
      const request = {
        name: 'cloud-1',
        region: size.regions[0]!,
        size: size.id,
        image: catalog.images[0]!.id,
        userData: userData(hostKey),
        installId: 'install-1',
        serverId: 'server-1',
      };
      const created = await provider.createServer(token, request, signal);

      let server = await provider.getServer(token, created.id, signal);
      while (server?.status !== 'running') server = await provider.getServer(token, created.id, signal);
      expect(server.ipv4).toBe(SERVER_HOST);
      const pinned = fingerprintOf(hostKey.public);
      expect((await connect(SERVER_HOST, pinned, 'echo "$DOCKER_HOST"')).output).toBe(rig.dockerHost);

      const tagged = await provider.listTagged(token, { installId: 'install-1' }, signal);
      expect(tagged.map((s) => s.appServerId)).toEqual(['server-1']);
      await provider.deleteServer(token, created.id, signal);
      expect(await provider.listTagged(token, { installId: 'install-1' }, signal)).toEqual([]);
      expect(cloud.effects.size).toBe(0);
      await expect(waitForBanner(SERVER_HOST, 22, 300)).rejects.toThrow('did not answer');
      expect(cloud.fake.violations()).toEqual([]);
      expect(cloud.fake.answerViolations).toEqual([]);
    });
  }
});
