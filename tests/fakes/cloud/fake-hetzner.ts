/**
 * Hetzner Cloud API v1 as the app uses it, in memory: locations, server types with prices per
 * location, system images, servers (create with labels, get, list with label_selector and
 * meta.pagination, delete) and volume delete, answering with the shapes of hetzner-openapi.json and
 * Hetzner's error body `{ error: { code, message, details } }`.
 */
import { FakeApiError, startFakeHttp, type Answer, type FakeHttp, type RouteContext } from './fake-http';
import {
  action,
  HZ_IMAGES,
  HZ_LOCATIONS,
  HZ_SERVER_TYPES,
  imageJson,
  serverJson,
  typeJson,
} from './fake-hetzner-catalog';
import { createServerStore, pageOf, type FakeCloudOptions, type FakeServer } from './fake-servers';
import { readSubset } from './openapi-check';

/** Hetzner's label selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, joined by commas. */
function matcher(selector: string | null): (labels: Record<string, string>) => boolean {
  if (!selector) return () => true;
  const terms = selector.split(',').map((term) => {
    const match = /^(!?)([a-zA-Z0-9./_-]+)(?:(==|=|!=)([a-zA-Z0-9._-]*))?$/.exec(term.trim());
    if (!match) throw new FakeApiError(400, 'invalid_input', `invalid label_selector: ${term}`);
    const [, not, key = '', op, value] = match;
    return (labels: Record<string, string>) =>
      op === '!='
        ? labels[key] !== value
        : op
          ? labels[key] === value
          : not
            ? !(key in labels)
            : key in labels;
  });
  return (labels) => terms.every((term) => term(labels));
}

export interface FakeHetzner extends FakeHttp {
  servers: Map<number, FakeServer>;
  volumes: Set<number>;
  refuseNextCreate(message: string): void;
  /** The next create's server exists at once, its answer comes `ms` later. */
  delayNextCreate(ms: number): void;
  /** A volume the user attached to a server; deleting the server leaves it, detached. */
  attachVolume(serverId: number): number;
  /** The next volume deletes answer 423 locked, as while the server's deletion detaches it. */
  lockVolumes(times: number): void;
  addServer(name: string, labels: Record<string, string>): Promise<FakeServer>;
}

export async function startFakeHetzner(options: FakeCloudOptions): Promise<FakeHetzner> {
  const store = createServerStore(options, 42_000_100);
  const volumes = new Set<number>();
  let locks = 0;
  let nextAction = 900;
  const list = (key: string, items: unknown[], context: RouteContext): Answer => {
    const page = pageOf(items, context.query, 50, 25, options.maxPerPage);
    const pagination = {
      page: page.page,
      per_page: page.perPage,
      previous_page: page.previous,
      next_page: page.next,
      last_page: page.lastPage,
      total_entries: page.total,
    };
    return { status: 200, body: { [key]: page.items, meta: { pagination } } };
  };
  const find = (context: RouteContext) => {
    const server = store.servers.get(Number(context.pathParams.id));
    if (!server)
      throw new FakeApiError(404, 'not_found', `server with ID '${context.pathParams.id}' not found`);
    return server;
  };
  const create = async (body: Record<string, unknown>): Promise<Answer> => {
    const refusal = store.takeRefusal();
    if (refusal) throw new FakeApiError(422, 'invalid_input', refusal);
    if ([...store.servers.values()].some((s) => s.name === body.name))
      throw new FakeApiError(409, 'uniqueness_error', 'server name is already used');
    const type = HZ_SERVER_TYPES.find((t) => t.name === body.server_type);
    if (!type?.prices.some((p) => p.location === body.location))
      throw new FakeApiError(
        422,
        'invalid_input',
        `server type ${String(body.server_type)} is unavailable in ${String(body.location)}`,
      );
    const labels = (body.labels as Record<string, string> | undefined) ?? {};
    const server = await store.create({
      name: String(body.name),
      region: String(body.location),
      size: type.name,
      image: String(body.image),
      userData: typeof body.user_data === 'string' ? body.user_data : '',
      tags: Object.entries(labels).map(([key, value]) => `${key}=${value}`),
      labels,
    });
    return {
      status: 201,
      body: {
        server: serverJson(server),
        action: action(nextAction++, 'create_server', server.id),
        next_actions: [action(nextAction++, 'start_server', server.id)],
        root_password: null,
      },
    };
  };
  const routes: Record<string, (context: RouteContext) => Promise<Answer> | Answer> = {
    list_locations: (c) => list('locations', HZ_LOCATIONS, c),
    list_server_types: (c) => list('server_types', HZ_SERVER_TYPES.map(typeJson), c),
    list_images: (c) => {
      const architecture = c.query.get('architecture');
      return list(
        'images',
        HZ_IMAGES.filter((i) => !architecture || i.architecture === architecture).map(imageJson),
        c,
      );
    },
    list_servers: (c) => {
      const matches = matcher(c.query.get('label_selector'));
      return list('servers', [...store.servers.values()].filter((s) => matches(s.labels)).map(serverJson), c);
    },
    create_server: (c) => create(c.body as Record<string, unknown>),
    get_server: (c) => ({ status: 200, body: { server: serverJson(store.observe(find(c))) } }),
    delete_server: async (c) => {
      const server = find(c);
      await store.remove(server);
      return { status: 200, body: { action: action(nextAction++, 'delete_server', server.id) } };
    },
    delete_volume: (c) => {
      const id = Number(c.pathParams.id);
      if (!volumes.has(id)) throw new FakeApiError(404, 'not_found', `volume with ID '${id}' not found`);
      if (locks > 0) {
        locks -= 1;
        throw new FakeApiError(423, 'locked', 'the volume is locked by a running action');
      }
      volumes.delete(id);
      return { status: 204 };
    },
  };
  const http = await startFakeHttp(
    {
      spec: readSubset('hetzner-openapi.json'),
      errorBody: (_status, code, message) => ({ error: { code, message, details: {} } }),
      invalid: { status: 400, code: 'invalid_input' },
      rateLimitHeaders: (resetAt) => ({
        'ratelimit-limit': '3600',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(resetAt),
      }),
    },
    options.token,
    async (context) => {
      const route = routes[context.operationId];
      if (!route)
        throw new FakeApiError(500, 'service_error', `the fake has no route for ${context.operationId}`);
      return route(context);
    },
  );
  let nextVolume = 7000;
  return {
    ...http,
    servers: store.servers,
    volumes,
    refuseNextCreate: (message) => store.refuseNextCreate(message),
    delayNextCreate: (ms) => store.delayNextCreate(ms),
    attachVolume(serverId) {
      const id = nextVolume++;
      volumes.add(id);
      store.servers.get(serverId)?.volumes.push(id);
      return id;
    },
    lockVolumes(times) {
      locks = times;
    },
    addServer: (name, labels) =>
      store.create(
        { name, region: 'fsn1', size: 'cx22', image: 'debian-12', userData: '', tags: [], labels },
        true,
      ),
  };
}
