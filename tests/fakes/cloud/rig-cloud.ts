/**
 * A cloud fake whose created servers are real: each create applies its cloud-init user data on the
 * rig (cloud-init-effect.ts) as a test sshd on port 22 of the next free address given, and a delete
 * at the provider stops it again. For integration tests and the e2e journey alike.
 */
import { join } from 'node:path';
import type { CloudProviderId } from '../../../src/shared/contract/cloud';
import type { Rig } from '../../rig/rig';
import { applyCloudInit, type CloudInitEffect } from './cloud-init-effect';
import {
  startFakeDigitalOcean,
  startFakeHetzner,
  type FakeDigitalOcean,
  type FakeHetzner,
} from './fake-cloud';

export interface RigCloud {
  fake: FakeDigitalOcean | FakeHetzner;
  /** The servers running now, by address. */
  effects: Map<string, CloudInitEffect>;
  /** Stops every server still running and closes the fake. */
  stop(): Promise<void>;
}

export async function startRigCloud(
  provider: CloudProviderId,
  options: {
    token: string;
    rig: Pick<Rig, 'dockerHost'>;
    /** Loopback addresses (127.x) no other test uses, one per server the test creates. */
    hosts: string[];
    /** Where each server's sshd keeps its files. */
    dir: string;
    readyAfterGets?: number | 'never';
  },
): Promise<RigCloud> {
  const effects = new Map<string, CloudInitEffect>();
  const onCreate = async (request: { userData: string }) => {
    const host = options.hosts.find((candidate) => !effects.has(candidate));
    if (!host)
      throw new Error(`rig-cloud: all ${options.hosts.length} addresses hold a server; give more hosts`);
    const effect = await applyCloudInit(request.userData, {
      host,
      dockerHost: options.rig.dockerHost,
      dir: join(options.dir, host),
    });
    effects.set(host, effect);
    return { ipv4: host };
  };
  const onDelete = async (server: { ipv4: string }) => {
    await effects.get(server.ipv4)?.stop();
    effects.delete(server.ipv4);
  };
  const fakeOptions = { token: options.token, onCreate, onDelete, readyAfterGets: options.readyAfterGets };
  const fake =
    provider === 'digitalocean'
      ? await startFakeDigitalOcean(fakeOptions)
      : await startFakeHetzner(fakeOptions);
  return {
    fake,
    effects,
    async stop() {
      for (const effect of effects.values()) await effect.stop();
      effects.clear();
      await fake.close();
    },
  };
}
