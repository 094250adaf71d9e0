import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { startFakeDigitalOcean, type FakeDigitalOcean } from '../../../../../tests/fakes/cloud/fake-cloud';
import { sizePriceIn } from '@shared/contract/cloud';
import { cloudProviders } from '.';
import { sleepFor } from './http';
import type { CloudProvider, CreateServerRequest } from './provider';

const token = 'dop_v1_' + 'f00d'.repeat(16);
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
  region: 'fra1',
  size: 's-2vcpu-2gb',
  image: 'debian-12-x64',
  userData: '#cloud-config\nssh_authorized_keys: []\n',
  installId: 'a1b2c3d4-0000-4000-8000-000000000001',
  serverId: 'srv-1',
  ...overrides,
});

let fake: FakeDigitalOcean;
let provider: CloudProvider;
let waits: number[];

beforeEach(async () => {
  fake = await startFakeDigitalOcean({ token, maxPerPage: 2 });
  waits = [];
  provider = cloudProviders({
    apiBases: { digitalocean: fake.url },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  }).digitalocean;
});

afterEach(async () => {
  // Every request the client made was a valid one, and every answer the fake gave was documented.
  expect(fake.violations()).toEqual([]);
  expect(fake.answerViolations).toEqual([]);
  await fake.close();
});

describe('the DigitalOcean provider: token and catalog', () => {
  it('checks the token and says whose it is', async () => {
    expect(await provider.account(token, signal)).toEqual({
      label: 'ops@example.com',
      detail: 'Up to 10 droplets',
    });
    const refused = await failure(provider.account('dop_v1_wrong', signal));
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toContain('DigitalOcean refused the token: Unable to authenticate you.');
    expect(refused.message).toContain('https://cloud.digitalocean.com/account/api/tokens');
    expect(refused.message).not.toContain('dop_v1_wrong');
    expect(
      fake.requests.every(
        (r) => r.headers.authorization === `Bearer ${r.status === 401 ? 'dop_v1_wrong' : token}`,
      ),
    ).toBe(true);
  });
  it('reads the catalog across pages: available regions and sizes, prices in cents, Debian and Ubuntu x64 only', async () => {
    const catalog = await provider.catalog(token, signal);
    expect(catalog.regions.map((r) => r.id)).toEqual(['nyc3', 'fra1', 'ams3']);
    expect(catalog.sizes.map((s) => [s.id, s.monthlyPriceCents, s.currency])).toEqual([
      ['s-1vcpu-1gb', 600, 'USD'],
      ['s-2vcpu-2gb', 1800, 'USD'],
      ['s-4vcpu-8gb', 4850, 'USD'],
    ]);
    expect(catalog.sizes[1]).toMatchObject({
      cpus: 2,
      memoryMb: 2048,
      diskGb: 60,
      regions: ['nyc3', 'fra1'],
    });
    expect(sizePriceIn(catalog.sizes[2]!, 'fra1')).toBe(4850);
    expect(catalog.images).toEqual([
      { id: 'ubuntu-24-04-x64', label: 'Ubuntu 24.04 (LTS) x64', distribution: 'ubuntu' },
      { id: 'debian-12-x64', label: 'Debian 12 x64', distribution: 'debian' },
    ]);
    // Two items a page: the lists were followed page by page, by number, on the configured base.
    expect(fake.requests.filter((r) => r.path === '/v2/regions').map((r) => r.query.page)).toEqual([
      '1',
      '2',
    ]);
  });
});

describe('the DigitalOcean provider: droplets', () => {
  it('creates a tagged droplet, sees it boot, finds it by tag and deletes it with its resources', async () => {
    const created = await provider.createServer(token, order(), signal);
    expect(created).toMatchObject({ name: 'web-1', status: 'new', ipv4: null, appServerId: 'srv-1' });
    const sent = fake.requests.find((r) => r.method === 'POST')!.body as Record<string, unknown>;
    expect(sent).toEqual({
      name: 'web-1',
      region: 'fra1',
      size: 's-2vcpu-2gb',
      image: 'debian-12-x64',
      user_data: order().userData,
      tags: ['hoster-install-a1b2c3d4-0000-4000-8000-000000000001', 'hoster-server-srv-1'],
      monitoring: false,
    });
    const running = await provider.getServer(token, created.id, signal);
    expect(running).toMatchObject({
      id: created.id,
      status: 'running',
      ipv4: fake.servers.get(Number(created.id))!.ipv4,
    });

    await fake.addDroplet('someone-else', ['hoster-install-another']);
    const tagged = await provider.listTagged(token, { installId: order().installId }, signal);
    expect(tagged.map((s) => s.id)).toEqual([created.id]);
    expect(
      await provider.listTagged(token, { installId: order().installId, serverId: 'srv-2' }, signal),
    ).toEqual([]);

    await provider.deleteServer(token, created.id, signal);
    const destroy = fake.requests.at(-1)!;
    expect(destroy.path).toBe(`/v2/droplets/${created.id}/destroy_with_associated_resources/dangerous`);
    expect(destroy.headers['x-dangerous']).toBe('true');
    expect(await provider.getServer(token, created.id, signal)).toBeNull();
    await provider.deleteServer(token, created.id, signal);
  });
  it('refuses names and ids DigitalOcean would refuse before asking it', async () => {
    expect(
      (await failure(provider.createServer(token, order({ name: '1-starts-with-digit' }), signal))).field,
    ).toBe('name');
    expect(
      (await failure(provider.createServer(token, order({ serverId: 'has space' }), signal))).field,
    ).toBe('serverId');
    expect((await failure(provider.getServer(token, '../account', signal))).code).toBe('invalid_input');
    expect(fake.requests).toEqual([]);
  });
});

describe('the DigitalOcean provider: rate limits', () => {
  it('waits out a 429 for as long as Retry-After says, then answers', async () => {
    fake.rateLimitNext({ times: 2, retryAfterSeconds: 7 });
    expect((await provider.account(token, signal)).label).toBe('ops@example.com');
    expect(waits).toEqual([7000, 7000]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });
  it('waits until the reset header when no Retry-After comes, and gives up after three waits', async () => {
    fake.rateLimitNext({ times: 4, resetInSeconds: 30 });
    const error = await failure(provider.account(token, signal));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe(
      'DigitalOcean is still limiting requests after 3 waits. Try again in a few minutes.',
    );
    expect(waits).toHaveLength(3);
    for (const wait of waits) expect(wait).toBeGreaterThan(25_000);
    expect(fake.requests).toHaveLength(4);
  });
  it('gives up at once when the wait asked is over a minute', async () => {
    fake.rateLimitNext({ times: 1, retryAfterSeconds: 600 });
    const error = await failure(provider.account(token, signal));
    expect(error.message).toBe('DigitalOcean is limiting requests for the next 600 s. Try again then.');
    expect(waits).toEqual([]);
  });
});

describe('the DigitalOcean provider: failures', () => {
  it('says what DigitalOcean said on a refused create, and on its own failures', async () => {
    fake.refuseNextCreate('You have reached the droplet limit of 10.');
    const refused = await failure(provider.createServer(token, order(), signal));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe(
      'DigitalOcean refused the request: You have reached the droplet limit of 10.',
    );
    fake.failNext(1, 503);
    const outage = await failure(provider.catalog(token, signal));
    expect(outage.code).toBe('unavailable');
    expect(outage.message).toContain('DigitalOcean had a problem of its own (503)');
    expect(fake.servers.size).toBe(0);
  });
  it('stops when cancelled, also while waiting out a rate limit', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(provider.account(token, controller.signal))).code).toBe('cancelled');
    const waiting = new AbortController();
    // The real sleep, aborted as soon as the client starts waiting.
    const patient = cloudProviders({
      apiBases: { digitalocean: fake.url },
      sleep: (ms, during) => {
        const slept = sleepFor(ms, during);
        waiting.abort();
        return slept;
      },
    }).digitalocean;
    fake.rateLimitNext({ times: 1, retryAfterSeconds: 30 });
    const error = await failure(patient.account(token, waiting.signal));
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('Cancelled while waiting out a rate limit.');
    // The one 429; the cancelled call before it never left the app.
    expect(fake.requests.map((r) => r.status)).toEqual([429]);
  });
  it('says the network failed when nothing answers', async () => {
    await fake.close();
    const offline = cloudProviders({ apiBases: { digitalocean: fake.url } }).digitalocean;
    const error = await failure(offline.account(token, signal));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(
      /^DigitalOcean could not be reached \(.+\)\. Check the internet connection and try again\.$/,
    );
    fake = await startFakeDigitalOcean({ token });
  });
});
