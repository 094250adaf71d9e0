import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { startFakeHetzner, type FakeHetzner } from '../../../../../tests/fakes/cloud/fake-cloud';
import { sizePriceIn } from '@shared/contract/cloud';
import { cloudApiBasesFromEnv, cloudProviders } from '.';
import { centsOf } from './hetzner';
import type { CloudProvider, CreateServerRequest } from './provider';

const token = 'hz' + 'Q7x'.repeat(20);
const signal = new AbortController().signal;

const failure = async (call: Promise<unknown>): Promise<AppError> => {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

const order = (overrides: Partial<CreateServerRequest> = {}): CreateServerRequest => ({
  name: 'web-1',
  region: 'ash',
  size: 'cx22',
  image: 'debian-12',
  userData: '#cloud-config\nssh_authorized_keys: []\n',
  installId: 'a1b2c3d4-0000-4000-8000-000000000001',
  serverId: 'srv-1',
  ...overrides,
});

describe('Hetzner prices', () => {
  it('turns the decimal strings into cents without floating point', () => {
    expect(centsOf('4.5100000000')).toBe(451);
    expect(centsOf('5.3431000000')).toBe(534);
    expect(centsOf('5.3451000000')).toBe(535);
    expect(centsOf('12')).toBe(1200);
    expect(() => centsOf('a lot')).toThrow('Hetzner Cloud gave a price this app cannot read: "a lot".');
  });

  it('reads the API bases from the environment', () => {
    const env = {
      HOSTER_HETZNER_API: 'http://127.0.0.1:9/v1',
      HOSTER_DIGITALOCEAN_API: 'http://127.0.0.1:8/v2',
      OTHER: 'x',
    };
    expect(cloudApiBasesFromEnv(env)).toEqual({
      hetzner: 'http://127.0.0.1:9/v1',
      digitalocean: 'http://127.0.0.1:8/v2',
    });
    expect(cloudApiBasesFromEnv({})).toEqual({});
  });
});

let fake: FakeHetzner;
let provider: CloudProvider;
let waits: number[];

beforeEach(async () => {
  fake = await startFakeHetzner({ token, maxPerPage: 2 });
  waits = [];
  provider = cloudProviders({
    apiBases: { hetzner: fake.url },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  }).hetzner;
});

afterEach(async () => {
  expect(fake.violations()).toEqual([]);
  expect(fake.answerViolations).toEqual([]);
  await fake.close();
});

describe('the Hetzner Cloud provider: token and catalog', () => {
  it('checks the token by counting the project’s servers', async () => {
    await fake.addServer('other', {});
    expect(await provider.account(token, signal)).toEqual({
      label: 'Hetzner Cloud project',
      detail: '1 server in the project',
    });
    const refused = await failure(provider.account('wrong', signal));
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toBe(
      'Hetzner Cloud refused the token: Unable to authenticate you. Create an API token with Read & Write permission in the Hetzner Cloud Console (your project → Security → API tokens) and save it again.',
    );
  });
  it('reads the catalog: x86 types in use with gross prices per location in cents, Debian and Ubuntu x86 images', async () => {
    const catalog = await provider.catalog(token, signal);
    expect(catalog.regions).toEqual([
      { id: 'fsn1', label: 'Falkenstein, DE' },
      { id: 'nbg1', label: 'Nuremberg, DE' },
      { id: 'ash', label: 'Ashburn, VA, US' },
    ]);
    expect(catalog.sizes.map((s) => s.id)).toEqual(['cx22', 'cx32']);
    const cx22 = catalog.sizes[0]!;
    expect(cx22).toMatchObject({
      cpus: 2,
      memoryMb: 4096,
      diskGb: 40,
      currency: 'EUR',
      monthlyPriceCents: 451,
    });
    expect(cx22.regionPrices).toEqual({ fsn1: 451, nbg1: 451, ash: 534 });
    expect(sizePriceIn(cx22, 'ash')).toBe(534);
    expect(catalog.images).toEqual([
      { id: 'ubuntu-24.04', label: 'Ubuntu 24.04', distribution: 'ubuntu' },
      { id: 'debian-12', label: 'Debian 12', distribution: 'debian' },
    ]);
    expect(fake.requests.filter((r) => r.path === '/v1/server_types').map((r) => r.query.page)).toEqual([
      '1',
      '2',
    ]);
  });
});

describe('the Hetzner Cloud provider: servers', () => {
  it('creates a labelled server, sees it run, finds it by label and deletes it with its volume', async () => {
    const created = await provider.createServer(token, order(), signal);
    expect(created).toMatchObject({ name: 'web-1', status: 'new', appServerId: 'srv-1' });
    expect(fake.requests.at(-1)!.body).toEqual({
      name: 'web-1',
      server_type: 'cx22',
      location: 'ash',
      image: 'debian-12',
      user_data: order().userData,
      labels: { 'hoster-install': order().installId, 'hoster-server': 'srv-1' },
      start_after_create: true,
    });
    expect(await provider.getServer(token, created.id, signal)).toMatchObject({
      status: 'running',
      ipv4: fake.servers.get(Number(created.id))!.ipv4,
    });

    await fake.addServer('not-ours', { 'hoster-install': 'another' });
    const tagged = await provider.listTagged(token, { installId: order().installId }, signal);
    expect(tagged.map((s) => s.id)).toEqual([created.id]);
    expect(fake.requests.at(-1)!.query.label_selector).toBe(`hoster-install=${order().installId}`);
    expect(
      await provider.listTagged(token, { installId: order().installId, serverId: 'srv-2' }, signal),
    ).toEqual([]);

    const volume = fake.attachVolume(Number(created.id));
    fake.lockVolumes(2);
    await provider.deleteServer(token, created.id, signal);
    expect(fake.servers.has(Number(created.id))).toBe(false);
    expect(fake.volumes.has(volume)).toBe(false);
    // The volume was locked twice while the server's deletion detached it: waited out, then deleted.
    expect(waits).toEqual([2000, 2000]);
    expect(await provider.getServer(token, created.id, signal)).toBeNull();
    await provider.deleteServer(token, created.id, signal);
  });
  it('waits out a 429 for the next request Hetzner refills, not for the whole budget', async () => {
    // 3600 requests an hour come back one a second; the reset header names when all are back.
    fake.rateLimitNext({ times: 1, resetInSeconds: 1800 });
    expect((await provider.account(token, signal)).label).toBe('Hetzner Cloud project');
    expect(waits).toEqual([1000]);
    fake.rateLimitNext({ times: 1, retryAfterSeconds: 3 });
    await provider.account(token, signal);
    expect(waits).toEqual([1000, 3000]);
  });
});

describe('the Hetzner Cloud provider: failures', () => {
  it('says what Hetzner said on a refused create, a taken name and its own failures', async () => {
    fake.refuseNextCreate('server type cx22 is sold out in ash');
    const refused = await failure(provider.createServer(token, order(), signal));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe('Hetzner Cloud refused the request: server type cx22 is sold out in ash');
    await fake.addServer('web-1', {});
    const taken = await failure(provider.createServer(token, order(), signal));
    expect(taken.message).toContain('server name is already used');
    fake.failNext(1, 502);
    expect((await failure(provider.listTagged(token, { installId: 'x' }, signal))).code).toBe('unavailable');
    expect(fake.servers.size).toBe(1);
  });
  it('reports a server that never finishes booting as new, for the create timeout to act on', async () => {
    const stuck = await startFakeHetzner({ token, readyAfterGets: 'never' });
    const slow = cloudProviders({ apiBases: { hetzner: stuck.url } }).hetzner;
    const created = await slow.createServer(token, order(), signal);
    for (let i = 0; i < 3; i += 1)
      expect((await slow.getServer(token, created.id, signal))?.status).toBe('new');
    expect(stuck.violations()).toEqual([]);
    await stuck.close();
  });

  it('refuses a label value or user data Hetzner would refuse before asking it', async () => {
    const error = await failure(
      provider.createServer(token, order({ installId: '-starts-with-dash' }), signal),
    );
    expect(error).toMatchObject({ code: 'invalid_input', field: 'installId' });
    const big = await failure(
      provider.createServer(token, order({ userData: '#cloud-config\n' + 'x'.repeat(33 * 1024) }), signal),
    );
    expect(big).toMatchObject({ code: 'invalid_input', field: 'userData' });
    expect(big.message).toBe('The cloud-init user data is 34 KiB; Hetzner Cloud takes at most 32 KiB.');
    expect(fake.requests).toEqual([]);
  });
  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(provider.catalog(token, controller.signal))).code).toBe('cancelled');
  });
});
