import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import type { SecretStore } from '../../src/main/core/secrets/secret-store';
import type { CloudProviderId, CloudServer } from '../../src/shared/contract/cloud';
import type { FakeDigitalOcean } from '../fakes/cloud/fake-cloud';
import { startRigCloud, type RigCloud } from '../fakes/cloud/rig-cloud';
import { busyboxTemplate } from '../helpers/busybox-template';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';

/** Loopback addresses no other test file uses: each "created server" is a real sshd on port 22 of one. */
const HOSTS = ['127.0.76.1', '127.0.76.2', '127.0.76.3'];
const TOKEN = 'dop_v1_' + 'a'.repeat(64);
const rig = loadRig();
const dir = makeTempDir('hoster-cloud-it-');
const quick = { pollMs: 200, readyTimeoutMs: 60_000 };

let cloud: RigCloud | null = null;
let t: TestCore | null = null;
/** A core a test closed as a stopped app, whose folder a second core opened. */
let stopped: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
  await stopped?.close();
  stopped = null;
  await cloud?.stop();
  cloud = null;
});
afterAll(() => dir.remove());

async function setUp(
  provider: CloudProviderId,
  options: { readyAfterGets?: number | 'never'; readyTimeoutMs?: number; secrets?: SecretStore } = {},
) {
  const { readyAfterGets, secrets, ...timings } = options;
  cloud = await startRigCloud(provider, { token: TOKEN, rig, hosts: HOSTS, dir: dir.path, readyAfterGets });
  t = createTestCore({ cloudApiBases: { [provider]: cloud.fake.url }, cloudTimings: { ...quick, ...timings }, ...(secrets ? { secrets } : {}) });
  await t.call('cloud:set-token', { provider, token: TOKEN });
  const key = await t.call('keys:generate', { name: 'cloud key' });
  return { t, cloud, keyId: key.id };
}

/** An order with the catalog's first region, its cheapest size there and a Debian image. */
async function order(core: TestCore, provider: CloudProviderId, keyId: string, name: string) {
  const catalog = await core.call('cloud:catalog', { provider });
  const region = catalog.regions[0]?.id ?? '';
  const size = catalog.sizes.filter((s) => s.regions.includes(region)).sort((a, b) => a.monthlyPriceCents - b.monthlyPriceCents)[0];
  const image = catalog.images.find((i) => i.distribution === 'debian');
  if (!size || !image) throw new Error('the fake sells no size or Debian image');
  return { order: { provider, name, region, size: size.id, image: image.id, keyId }, size };
}

/** Starts a create and waits until the provider has made the server (its id is stored). */
async function startedAndCreated(core: TestCore, provider: CloudProviderId, keyId: string, name: string) {
  const started = await core.call('cloud:create', (await order(core, provider, keyId, name)).order);
  await expect.poll(async () => (await core.call('cloud:servers', {}))[0]?.step, { timeout: 10_000 }).toBe('created');
  return started;
}

/** Creates a server and waits for the job. */
async function create(core: TestCore, provider: CloudProviderId, keyId: string, name: string) {
  const { order: input, size } = await order(core, provider, keyId, name);
  const started = await core.call('cloud:create', input);
  await core.core.jobs.settled();
  const server = (await core.call('cloud:servers', {})).find((s) => s.id === started.server.id) as CloudServer;
  return { started, server, size, job: await core.call('jobs:get', { id: started.job.id }) };
}

describe('tokens', () => {
  it('keeps a token only once the provider accepts it, and says whose it is', async () => {
    const { t } = await setUp('digitalocean');
    const pasted = await t.fail('cloud:set-token', { provider: 'hetzner', token: 'two words' });
    expect(pasted.code).toBe('invalid_input');
    const [digitalocean, hetzner] = await t.call('cloud:providers', {});
    expect(digitalocean).toMatchObject({ provider: 'digitalocean', hasToken: true, account: { label: 'ops@example.com' } });
    expect(hetzner).toMatchObject({ provider: 'hetzner', hasToken: false, account: null });
    const wrong = await t.fail('cloud:set-token', { provider: 'digitalocean', token: 'dop_v1_' + 'b'.repeat(64) });
    expect(wrong.code).toBe('unauthorized');
    expect(wrong.message).not.toContain('b'.repeat(64));
    expect((await t.call('cloud:providers', {}))[0]?.hasToken).toBe(true);
    expect(t.transcript()).not.toContain(TOKEN);
  });
});

for (const provider of ['digitalocean', 'hetzner'] as const) {
  describe(`a server created at ${provider}`, () => {
    it('becomes an online node with the pinned host key the app made, its price as cost, and retires cleanly', async () => {
      const { t, cloud, keyId } = await setUp(provider);
      const { server, size, job } = await create(t, provider, keyId, `${provider.slice(0, 2)}-web-1`);
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      expect(server).toMatchObject({ status: 'ready', step: 'added', ipv4: HOSTS[0] });
      const node = await t.call('nodes:get', { id: server.nodeId ?? '' });
      const effect = cloud.effects.get(HOSTS[0] ?? '');
      // The node trusts exactly the key the app put in the user data: the sshd answers with it.
      expect(node.hostKeyFingerprint).toBe(server.hostKeyFingerprint);
      expect(effect?.sshd.hostKeyFingerprint()).toBe(server.hostKeyFingerprint);
      expect(node).toMatchObject({ status: 'online', user: 'root', port: 22, monthlyCostCents: size.monthlyPriceCents });
      expect(node.resources?.dockerVersion).toBeTruthy();
      expect(cloud.fake.violations()).toEqual([]);

      const { job: retire } = await t.call('cloud:retire', { nodeId: node.id });
      await t.core.jobs.settled();
      expect((await t.call('jobs:get', { id: retire.id })).status).toBe('succeeded');
      expect(cloud.fake.servers.size).toBe(0);
      expect(cloud.effects.size).toBe(0);
      expect((await t.fail('nodes:get', { id: node.id })).code).toBe('not_found');
      expect((await t.call('cloud:servers', {}))[0]?.status).toBe('retired');
      expect(cloud.fake.violations()).toEqual([]);
    });
  });
}

describe('retiring', () => {
  it('is refused while a deployment is on the node, naming it, and nothing is deleted', async () => {
    const { t, cloud, keyId } = await setUp('digitalocean');
    const { server } = await create(t, 'digitalocean', keyId, 'do-app-1');
    const nodeId = server.nodeId ?? '';
    const templateId = await publishTemplate(t, busyboxTemplate(rig.images.local, { slug: 'cloud-pair' }));
    // The "server" shares the rig's engine with other tests: a name of its own, and its data deleted with it.
    const name = `on-cloud-${randomUUID().slice(0, 6)}`;
    const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name, nodeId });
    expect(deployed.status, deployed.error ?? '').toBe('running');
    const refused = await t.fail('cloud:retire', { nodeId });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain(name);
    expect(cloud.fake.servers.size).toBe(1);
    expect((await t.call('nodes:get', { id: nodeId })).status).toBe('online');
    await t.call('deployments:delete', { id: deployed.id, deleteData: true });
    await t.core.jobs.settled();
    await t.call('cloud:retire', { nodeId });
    await t.core.jobs.settled();
    expect(cloud.fake.servers.size).toBe(0);
  });
});

describe('a cloud node removed instead of retired', () => {
  it('leaves its server at the provider, which the orphans check then lists for deletion', async () => {
    const { t, cloud, keyId } = await setUp('hetzner');
    const { server } = await create(t, 'hetzner', keyId, 'removed-not-retired');
    expect(await t.call('cloud:orphans', {})).toEqual([]);
    await t.call('nodes:remove', { id: server.nodeId ?? '' });
    const orphans = await t.call('cloud:orphans', {});
    expect(orphans).toEqual([expect.objectContaining({ provider: 'hetzner', providerServerId: server.providerServerId, name: 'removed-not-retired' })]);
    await t.call('cloud:delete-orphan', { provider: 'hetzner', providerServerId: server.providerServerId ?? '' });
    expect(cloud.fake.servers.size).toBe(0);
    expect(cloud.fake.violations()).toEqual([]);
  });
});

describe('faults', () => {
  it('a server that never boots is deleted at the timeout, leaving no node and nothing tagged', async () => {
    const { t, cloud, keyId } = await setUp('hetzner', { readyAfterGets: 'never', readyTimeoutMs: 2_000 });
    const { server, job } = await create(t, 'hetzner', keyId, 'never-ready');
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('timeout');
    expect(server.status).toBe('failed');
    expect(server.error?.message).toContain('nothing is left there');
    expect(cloud.fake.servers.size).toBe(0);
    expect(await t.call('nodes:list', {})).toEqual([]);
    expect(await t.call('cloud:orphans', {})).toEqual([]);
  });

  it('a refused order stores no node and leaves nothing at the provider', async () => {
    const { t, cloud, keyId } = await setUp('digitalocean');
    cloud.fake.refuseNextCreate('You have reached your droplet limit.');
    const { server, job } = await create(t, 'digitalocean', keyId, 'over-limit');
    expect(job.status).toBe('failed');
    expect(server.error?.message).toContain('droplet limit');
    expect(server.error?.message).toContain('Nothing was created');
    expect(cloud.fake.servers.size).toBe(0);
    expect(await t.call('nodes:list', {})).toEqual([]);
  });

  it('rate limits are waited out and the create succeeds', async () => {
    const { t, cloud, keyId } = await setUp('digitalocean');
    cloud.fake.rateLimitNext({ times: 2, retryAfterSeconds: 1 });
    const { job } = await create(t, 'digitalocean', keyId, 'patient');
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(cloud.fake.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('a cancelled create deletes what it made', async () => {
    const { t, cloud, keyId } = await setUp('digitalocean', { readyAfterGets: 'never' });
    const started = await startedAndCreated(t, 'digitalocean', keyId, 'cancel-me');
    await t.call('jobs:cancel', { id: started.job.id });
    await t.core.jobs.settled();
    expect((await t.call('jobs:get', { id: started.job.id })).status).toBe('cancelled');
    expect(cloud.fake.servers.size).toBe(0);
  });
});

describe('a create asked before the core started', () => {
  it('runs once: the start carries on only what an earlier run left', async () => {
    const { t, cloud, keyId } = await setUp('hetzner');
    const started = await t.call('cloud:create', (await order(t, 'hetzner', keyId, 'early')).order);
    // The deferred start begins now, with this run's create still in its first request.
    t.core.start();
    await expect.poll(async () => (await t.call('cloud:servers', {}))[0]?.status, { timeout: 30_000 }).not.toBe('creating');
    await t.core.jobs.settled();
    const jobs = await t.call('jobs:list', { target: started.server.id });
    expect(jobs.map((j) => `${j.kind} ${j.status}`)).toEqual(['cloud-create succeeded']);
    expect((await t.call('cloud:servers', {}))[0]?.status).toBe('ready');
    expect(cloud.fake.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([201]);
  });
});

describe('a create the app stopped in the middle of', () => {
  it('is carried on at the next start, and a tagged server it does not know is an orphan the app can delete', async () => {
    // The keychain outlives the app: the second run finds the token and the key the first one kept.
    const secrets = createKeyringSecretStore(`hoster-it-cloud-${randomUUID()}`);
    const { t: first, cloud, keyId } = await setUp('digitalocean', { readyAfterGets: 3, secrets });
    const started = await startedAndCreated(first, 'digitalocean', keyId, 'resumed');
    const dataDir = first.dataDir;
    await first.core.close();
    stopped = first;
    expect(cloud.fake.servers.size).toBe(1);

    const again = createTestCore({ dataDir, secrets, cloudApiBases: { digitalocean: cloud.fake.url }, cloudTimings: quick });
    t = again;
    again.core.start();
    await expect.poll(async () => (await again.call('cloud:servers', {}))[0]?.status, { timeout: 30_000 }).toBe('ready');
    const server = (await again.call('cloud:servers', {}))[0];
    expect(server?.id).toBe(started.server.id);
    expect((await again.call('nodes:get', { id: server?.nodeId ?? '' })).status).toBe('online');

    // A server carrying this installation's tag whose row is gone (a clean-up that failed, a lost database).
    const installTag = [...cloud.fake.servers.values()][0]?.tags.find((tag) => tag.startsWith('hoster-install-')) ?? '';
    const stray = await (cloud.fake as FakeDigitalOcean).addDroplet('lost-row', [installTag, 'hoster-server-cloud_gone']);
    await (cloud.fake as FakeDigitalOcean).addDroplet('someone-elses', ['hoster-install-0000000000000000']);
    const orphans = await again.call('cloud:orphans', {});
    expect(orphans.map((o) => o.providerServerId)).toEqual([String(stray.id)]);
    const known = String([...cloud.fake.servers.values()].find((s) => s.name === 'resumed')?.id);
    expect((await again.fail('cloud:delete-orphan', { provider: 'digitalocean', providerServerId: known })).code).toBe('not_found');
    await again.call('cloud:delete-orphan', { provider: 'digitalocean', providerServerId: String(stray.id) });
    expect(await again.call('cloud:orphans', {})).toEqual([]);
    // Another installation's server is never this app's to list or delete.
    expect([...cloud.fake.servers.values()].map((s) => s.name).sort()).toEqual(['resumed', 'someone-elses']);
  });
});
