import { z } from 'zod';
import { AppError } from '@shared/result';
import {
  createJsonClient,
  parseAnswer,
  untilReset,
  type HttpOptions,
  type JsonClient,
  type ProviderDialect,
} from './http';
import { knownDistribution, userDataWithin } from './shared-rules';
import { listPages, type ListRequest, type Paging } from './paging';
import type { CloudProvider, CreateServerRequest, ProviderServer } from './provider';

export const DIGITALOCEAN_API = 'https://api.digitalocean.com/v2';
const NAME = 'DigitalOcean';
const PER_PAGE = 200;
/** Never follow more pages than this: 20 × 200 droplets is far past any account this app manages. */
const MAX_PAGES = 20;

const dialect: ProviderDialect = {
  name: NAME,
  tokenHelp:
    'Create a token with read and write scope at https://cloud.digitalocean.com/account/api/tokens and save it again.',
  errorMessage: (body) => {
    const parsed = z.object({ message: z.string() }).safeParse(body);
    return parsed.success ? parsed.data.message : null;
  },
  // The reset time is when the oldest request in the window expires: one more may go then.
  rateLimitWait: untilReset,
};

/** DigitalOcean tag names: letters, digits, `_`, `-` and `:`, at most 255 characters (case-insensitive). */
const TAG = /^[a-zA-Z0-9_:-]{1,255}$/;
/** The droplet name pattern DigitalOcean's OpenAPI description gives for a single create. */
const DROPLET_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const INSTALL_TAG = 'hoster-install-';
const SERVER_TAG = 'hoster-server-';

const pages = z.object({
  links: z.object({ pages: z.object({ next: z.string().optional() }).partial().optional() }).optional(),
});
const dropletSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.string(),
  created_at: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  networks: z
    .object({ v4: z.array(z.object({ ip_address: z.string(), type: z.string() })).nullish() })
    .nullish(),
});
type Droplet = z.infer<typeof dropletSchema>;

function tagFor(prefix: string, id: string, field: string): string {
  const tag = prefix + id;
  if (!TAG.test(tag))
    throw new AppError(
      'invalid_input',
      `"${id}" cannot be part of a DigitalOcean tag (letters, digits, _ - : only).`,
      {
        field,
      },
    );
  return tag;
}

function toServer(droplet: Droplet): ProviderServer {
  const status =
    droplet.status === 'active'
      ? 'running'
      : droplet.status === 'new' || droplet.status === 'off'
        ? droplet.status
        : 'other';
  const serverTag = (droplet.tags ?? []).find((tag) => tag.toLowerCase().startsWith(SERVER_TAG));
  return {
    id: String(droplet.id),
    name: droplet.name,
    status,
    ipv4: droplet.networks?.v4?.find((network) => network.type === 'public')?.ip_address ?? null,
    appServerId: serverTag ? serverTag.slice(SERVER_TAG.length) : null,
    createdAt: droplet.created_at ?? null,
  };
}

function dropletPath(id: string, suffix = ''): string {
  if (!/^[1-9][0-9]*$/.test(id))
    throw new AppError('invalid_input', `"${id}" is not a DigitalOcean droplet id (a number).`, {
      field: 'id',
    });
  return `/droplets/${id}${suffix}`;
}

/** DigitalOcean says the next page in `links.pages.next`; only its page number is taken from it. */
const paging: Paging<z.infer<typeof pages>> = {
  provider: NAME,
  envelope: pages,
  nextPage: (envelope) => {
    const next = Number(/[?&]page=(\d+)/.exec(envelope.links?.pages?.next ?? '')?.[1]);
    return Number.isInteger(next) ? next : null;
  },
  perPage: PER_PAGE,
  maxPages: MAX_PAGES,
};

const listAll = <T>(client: JsonClient, token: string, request: ListRequest<T>, signal: AbortSignal) =>
  listPages(client, token, paging, request, signal);

const sizeSchema = z.object({
  slug: z.string(),
  memory: z.number().int().positive(),
  vcpus: z.number().int().positive(),
  disk: z.number().int().nonnegative(),
  price_monthly: z.number().nonnegative(),
  regions: z.array(z.string()),
  available: z.boolean(),
  description: z.string().optional(),
});
const regionSchema = z.object({ slug: z.string(), name: z.string(), available: z.boolean() });
const imageSchema = z.object({
  slug: z.string().nullish(),
  name: z.string(),
  distribution: z.string(),
  status: z.string().optional(),
});

async function catalog(client: JsonClient, token: string, signal: AbortSignal) {
  const regions = await listAll(
    client,
    token,
    { path: '/regions', key: 'regions', item: regionSchema },
    signal,
  );
  const sizes = await listAll(client, token, { path: '/sizes', key: 'sizes', item: sizeSchema }, signal);
  const images = await listAll(
    client,
    token,
    { path: '/images', query: { type: 'distribution' }, key: 'images', item: imageSchema },
    signal,
  );
  return {
    regions: regions
      .filter((region) => region.available)
      .map((region) => ({ id: region.slug, label: region.name })),
    sizes: sizes
      .filter((size) => size.available)
      .map((size) => ({
        id: size.slug,
        label: size.slug,
        cpus: size.vcpus,
        memoryMb: size.memory,
        diskGb: size.disk,
        monthlyPriceCents: Math.round(size.price_monthly * 100),
        currency: 'USD',
        regions: size.regions,
      })),
    images: images.flatMap((image) => {
      const distribution = knownDistribution(image.distribution.toLowerCase());
      const usable = image.slug?.endsWith('-x64') && (image.status ?? 'available') === 'available';
      if (!usable || !image.slug || !distribution) return [];
      return [{ id: image.slug, label: `${image.distribution} ${image.name}`, distribution }];
    }),
  };
}

function createBody(request: CreateServerRequest) {
  if (!DROPLET_NAME.test(request.name))
    throw new AppError(
      'invalid_input',
      'A DigitalOcean droplet name starts with a letter and has at most 32 lower-case letters, digits and dashes.',
      { field: 'name' },
    );
  return {
    name: request.name,
    region: request.region,
    size: request.size,
    image: request.image,
    user_data: userDataWithin(NAME, request.userData, 64),
    tags: [
      tagFor(INSTALL_TAG, request.installId, 'installId'),
      tagFor(SERVER_TAG, request.serverId, 'serverId'),
    ],
    monitoring: false,
  };
}

const accountSchema = z.object({ account: z.object({ email: z.string(), droplet_limit: z.number().int() }) });
const oneDroplet = z.object({ droplet: dropletSchema });

async function listTagged(
  client: JsonClient,
  token: string,
  filter: { installId: string; serverId?: string },
  signal: AbortSignal,
) {
  const installTag = tagFor(INSTALL_TAG, filter.installId, 'installId').toLowerCase();
  const serverTag = filter.serverId ? tagFor(SERVER_TAG, filter.serverId, 'serverId') : undefined;
  const query = { tag_name: serverTag ?? installTag };
  const droplets = await listAll(
    client,
    token,
    { path: '/droplets', query, key: 'droplets', item: dropletSchema },
    signal,
  );
  // Asked by the narrower tag; both must be there.
  return droplets.filter((d) => (d.tags ?? []).some((tag) => tag.toLowerCase() === installTag)).map(toServer);
}

/** DigitalOcean API v2 (https://docs.digitalocean.com/reference/api/). */
export function createDigitalOceanProvider(
  options: Omit<HttpOptions, 'baseUrl'> & { baseUrl?: string },
): CloudProvider {
  const client = createJsonClient(dialect, { ...options, baseUrl: options.baseUrl ?? DIGITALOCEAN_API });
  return {
    id: 'digitalocean',
    name: NAME,
    async account(token, signal) {
      const body = await client.request(token, { method: 'GET', path: '/account' }, signal);
      const { account } = parseAnswer(accountSchema, body, NAME, 'the account');
      return { label: account.email, detail: `Up to ${account.droplet_limit} droplets` };
    },
    catalog: (token, signal) => catalog(client, token, signal),
    async createServer(token, request, signal) {
      const body = await client.request(
        token,
        { method: 'POST', path: '/droplets', body: createBody(request) },
        signal,
      );
      return toServer(parseAnswer(oneDroplet, body, NAME, 'the new droplet').droplet);
    },
    async getServer(token, id, signal) {
      const body = await client.request(
        token,
        { method: 'GET', path: dropletPath(id), nullIfMissing: true },
        signal,
      );
      return body === null ? null : toServer(parseAnswer(oneDroplet, body, NAME, 'the droplet').droplet);
    },
    listTagged: (token, filter, signal) => listTagged(client, token, filter, signal),
    async deleteServer(token, id, signal) {
      // Deletes the droplet with its volumes, snapshots and reserved IPs: 202, or 404 once gone.
      const path = dropletPath(id, '/destroy_with_associated_resources/dangerous');
      const headers = { 'X-Dangerous': 'true' };
      await client.request(token, { method: 'DELETE', path, headers, nullIfMissing: true }, signal);
    },
  };
}
