/**
 * DigitalOcean API v2 as the app uses it, in memory: account, regions, sizes, distribution images,
 * droplets (create, get, list by tag with page links, destroy with associated resources), answering
 * with the shapes of digitalocean-openapi.json and DigitalOcean's error body `{ id, message }`.
 */
import { FakeApiError, startFakeHttp, type Answer, type FakeHttp, type RouteContext } from './fake-http';
import { createServerStore, pageOf, type FakeCloudOptions, type FakeServer } from './fake-servers';
import { readSubset } from './openapi-check';

export const DO_REGIONS = [
  { slug: 'nyc3', name: 'New York 3', available: true },
  { slug: 'fra1', name: 'Frankfurt 1', available: true },
  { slug: 'ams3', name: 'Amsterdam 3', available: true },
  { slug: 'sfo1', name: 'San Francisco 1', available: false },
];
export const DO_SIZES = [
  {
    slug: 's-1vcpu-1gb',
    memory: 1024,
    vcpus: 1,
    disk: 25,
    price_monthly: 6,
    available: true,
    regions: ['nyc3', 'fra1', 'ams3'],
  },
  {
    slug: 's-2vcpu-2gb',
    memory: 2048,
    vcpus: 2,
    disk: 60,
    price_monthly: 18,
    available: true,
    regions: ['nyc3', 'fra1'],
  },
  {
    slug: 's-4vcpu-8gb',
    memory: 8192,
    vcpus: 4,
    disk: 160,
    price_monthly: 48.5,
    available: true,
    regions: ['fra1'],
  },
  {
    slug: 's-8vcpu-16gb-old',
    memory: 16384,
    vcpus: 8,
    disk: 320,
    price_monthly: 96,
    available: false,
    regions: [],
  },
];
export const DO_IMAGES = [
  { id: 101, slug: 'ubuntu-24-04-x64', name: '24.04 (LTS) x64', distribution: 'Ubuntu' },
  { id: 102, slug: 'debian-12-x64', name: '12 x64', distribution: 'Debian' },
  { id: 103, slug: 'fedora-41-x64', name: '41 x64', distribution: 'Fedora' },
  { id: 104, slug: 'ubuntu-22-04-x32', name: '22.04 x32', distribution: 'Ubuntu' },
];

const sizeJson = (size: (typeof DO_SIZES)[number]) => ({
  ...size,
  transfer: 1,
  price_hourly: Math.round((size.price_monthly / 672) * 100_000) / 100_000,
  description: 'Basic',
});
const regionJson = (region: (typeof DO_REGIONS)[number]) => ({
  ...region,
  features: ['metadata', 'install_agent'],
  sizes: DO_SIZES.filter((size) => size.regions.includes(region.slug)).map((size) => size.slug),
});
const imageJson = (image: (typeof DO_IMAGES)[number]) => ({
  ...image,
  type: 'base',
  public: true,
  regions: DO_REGIONS.map((region) => region.slug),
  created_at: '2025-01-01T00:00:00Z',
  min_disk_size: 15,
  size_gigabytes: 2.5,
  description: `${image.distribution} ${image.name}`,
  status: 'available',
});

function dropletJson(server: FakeServer) {
  const size = DO_SIZES.find((s) => s.slug === server.size) ?? DO_SIZES[0]!;
  const region = DO_REGIONS.find((r) => r.slug === server.region) ?? DO_REGIONS[0]!;
  const image = DO_IMAGES.find((i) => i.slug === server.image) ?? DO_IMAGES[0]!;
  return {
    id: server.id,
    name: server.name,
    memory: size.memory,
    vcpus: size.vcpus,
    disk: size.disk,
    locked: false,
    status: server.running ? 'active' : 'new',
    created_at: server.createdAt,
    features: [],
    backup_ids: [],
    snapshot_ids: [],
    image: imageJson(image),
    volume_ids: server.volumes.map(String),
    size: sizeJson(size),
    size_slug: size.slug,
    networks: {
      v4: server.running
        ? [{ ip_address: server.ipv4, netmask: '255.255.240.0', gateway: '127.0.0.1', type: 'public' }]
        : [],
      v6: [],
    },
    region: regionJson(region),
    tags: server.tags,
  };
}

export interface FakeDigitalOcean extends FakeHttp {
  servers: Map<number, FakeServer>;
  refuseNextCreate(message: string): void;
  /** The next create's server exists at once, its answer comes `ms` later. */
  delayNextCreate(ms: number): void;
  /** A droplet made elsewhere (another app, the seed) with these tags. */
  addDroplet(name: string, tags: string[]): Promise<FakeServer>;
}

const account = {
  droplet_limit: 10,
  floating_ip_limit: 3,
  email: 'ops@example.com',
  uuid: 'b6fr89dbf6d9156cace5f3c78dc9851d957381ef',
  email_verified: true,
  status: 'active',
  status_message: '',
};

export async function startFakeDigitalOcean(options: FakeCloudOptions): Promise<FakeDigitalOcean> {
  const store = createServerStore(options, 3_164_400);
  const list = (key: string, items: unknown[], context: RouteContext): Answer => {
    const page = pageOf(items, context.query, 200, 20, options.maxPerPage);
    const link = (n: number) => `${context.baseUrl}/v2/${key}?page=${n}&per_page=${page.perPage}`;
    const pages = {
      ...(page.next ? { next: link(page.next), last: link(page.lastPage) } : {}),
      ...(page.previous ? { first: link(1), prev: link(page.previous) } : {}),
    };
    return { status: 200, body: { [key]: page.items, links: { pages }, meta: { total: page.total } } };
  };
  const find = (context: RouteContext) => {
    const server = store.servers.get(Number(context.pathParams.droplet_id));
    if (!server)
      throw new FakeApiError(404, 'not_found', 'The resource you were accessing could not be found.');
    return server;
  };
  const create = async (body: Record<string, unknown>): Promise<Answer> => {
    const refusal = store.takeRefusal();
    if (refusal) throw new FakeApiError(422, 'unprocessable_entity', refusal);
    const size = DO_SIZES.find((s) => s.slug === body.size && s.available);
    if (!size?.regions.includes(String(body.region)))
      throw new FakeApiError(
        422,
        'unprocessable_entity',
        `Size ${String(body.size)} is not available in region ${String(body.region)}.`,
      );
    const server = await store.create({
      name: String(body.name),
      region: String(body.region),
      size: size.slug,
      image: String(body.image),
      userData: typeof body.user_data === 'string' ? body.user_data : '',
      tags: (body.tags as string[] | undefined) ?? [],
      labels: {},
    });
    return {
      status: 202,
      body: {
        droplet: dropletJson(server),
        links: { actions: [{ id: 1, rel: 'create', href: 'https://api.digitalocean.com/v2/actions/1' }] },
      },
    };
  };
  const routes: Record<string, (context: RouteContext) => Promise<Answer> | Answer> = {
    account_get: () => ({ status: 200, body: { account } }),
    regions_list: (c) => list('regions', DO_REGIONS.map(regionJson), c),
    sizes_list: (c) => list('sizes', DO_SIZES.map(sizeJson), c),
    images_list: (c) =>
      list('images', DO_IMAGES.filter(() => c.query.get('type') !== 'application').map(imageJson), c),
    droplets_list: (c) => {
      const tag = c.query.get('tag_name')?.toLowerCase();
      const servers = [...store.servers.values()].filter(
        (s) => !tag || s.tags.some((t) => t.toLowerCase() === tag),
      );
      return list('droplets', servers.map(dropletJson), c);
    },
    droplets_create: (c) => create(c.body as Record<string, unknown>),
    droplets_get: (c) => ({ status: 200, body: { droplet: dropletJson(store.observe(find(c))) } }),
    droplets_destroy_withAssociatedResourcesDangerous: async (c) => {
      await store.remove(find(c));
      return { status: 202 };
    },
  };
  const http = await startFakeHttp(
    {
      spec: readSubset('digitalocean-openapi.json'),
      errorBody: (status, code, message) => ({
        id: status === 401 ? 'Unauthorized' : code,
        message,
        request_id: 'fake-request',
      }),
      invalid: { status: 422, code: 'unprocessable_entity' },
      rateLimitHeaders: (resetAt) => ({
        'ratelimit-limit': '5000',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(resetAt),
      }),
    },
    options.token,
    async (context) => {
      const route = routes[context.operationId];
      if (!route)
        throw new FakeApiError(500, 'server_error', `the fake has no route for ${context.operationId}`);
      return route(context);
    },
  );
  return {
    ...http,
    servers: store.servers,
    refuseNextCreate: (message) => store.refuseNextCreate(message),
    delayNextCreate: (ms) => store.delayNextCreate(ms),
    addDroplet: (name, tags) =>
      store.create(
        { name, region: 'nyc3', size: 's-1vcpu-1gb', image: 'debian-12-x64', userData: '', tags, labels: {} },
        true,
      ),
  };
}
