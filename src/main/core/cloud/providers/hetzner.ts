import { z } from 'zod';
import { AppError } from '@shared/result';
import { createHetznerClient, idPath, listAll, NAME, paged } from './hetzner-api';
import { catalog } from './hetzner-catalog';
import { userDataWithin } from './shared-rules';
import { parseAnswer, sleepFor, type HttpOptions, type JsonClient, type Sleep } from './http';
import type { CloudProvider, CreateServerRequest, ProviderServer } from './provider';

export { centsOf } from './hetzner-catalog';

/** A volume stays locked while the server's deletion detaches it: wait this long between tries, this often. */
const VOLUME_RETRY_MS = 2_000;
const VOLUME_TRIES = 10;

/** A Hetzner label value: at most 63 characters, alphanumeric at both ends, `-_.` between. */
const LABEL_VALUE = /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/;
const INSTALL_LABEL = 'hoster-install';
const SERVER_LABEL = 'hoster-server';

const serverSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.string(),
  created: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  public_net: z.object({ ipv4: z.object({ ip: z.string() }).nullish() }).nullish(),
  volumes: z.array(z.number().int()).nullish(),
});
type Server = z.infer<typeof serverSchema>;

function labelValue(id: string, field: string): string {
  if (!LABEL_VALUE.test(id))
    throw new AppError(
      'invalid_input',
      `"${id}" cannot be a Hetzner label value (letters, digits, . _ - ; at most 63).`,
      {
        field,
      },
    );
  return id;
}

function toServer(server: Server): ProviderServer {
  const status =
    server.status === 'running'
      ? 'running'
      : server.status === 'initializing' || server.status === 'starting'
        ? 'new'
        : server.status === 'off'
          ? 'off'
          : 'other';
  return {
    id: String(server.id),
    name: server.name,
    status,
    ipv4: server.public_net?.ipv4?.ip ?? null,
    appServerId: server.labels?.[SERVER_LABEL] ?? null,
    createdAt: server.created ?? null,
  };
}

const createBody = (request: CreateServerRequest) => ({
  name: request.name,
  server_type: request.size,
  location: request.region,
  image: request.image,
  user_data: userDataWithin(NAME, request.userData, 32),
  labels: {
    [INSTALL_LABEL]: labelValue(request.installId, 'installId'),
    [SERVER_LABEL]: labelValue(request.serverId, 'serverId'),
  },
  start_after_create: true,
});

const one = z.object({ server: serverSchema });

/** A volume the user attached goes with the server, as DigitalOcean's delete does; a lock is waited out. */
async function deleteVolume(
  client: JsonClient,
  sleep: Sleep,
  token: string,
  id: number,
  signal: AbortSignal,
) {
  for (let tries = 1; ; tries += 1) {
    try {
      await client.request(
        token,
        { method: 'DELETE', path: idPath('volumes', id), nullIfMissing: true },
        signal,
      );
      return;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'conflict' || tries >= VOLUME_TRIES) throw error;
      await sleep(VOLUME_RETRY_MS, signal);
    }
  }
}

/** Hetzner has no account endpoint: a token belongs to one project, so say how many servers it has. */
async function account(client: JsonClient, token: string, signal: AbortSignal) {
  const body = await client.request(
    token,
    { method: 'GET', path: '/servers', query: { per_page: 1 } },
    signal,
  );
  const total = parseAnswer(paged, body, NAME, 'the server list').meta.pagination.total_entries;
  const detail = total === null ? null : `${total} ${total === 1 ? 'server' : 'servers'} in the project`;
  return { label: 'Hetzner Cloud project', detail };
}

/** Hetzner Cloud API v1 (https://docs.hetzner.cloud/). */
export function createHetznerProvider(
  options: Omit<HttpOptions, 'baseUrl'> & { baseUrl?: string },
): CloudProvider {
  const client = createHetznerClient(options);
  const sleep = options.sleep ?? sleepFor;
  return {
    id: 'hetzner',
    name: NAME,
    account: (token, signal) => account(client, token, signal),
    catalog: (token, signal) => catalog(client, token, signal),
    async createServer(token, request, signal) {
      const body = await client.request(
        token,
        { method: 'POST', path: '/servers', body: createBody(request) },
        signal,
      );
      return toServer(parseAnswer(one, body, NAME, 'the new server').server);
    },
    async getServer(token, id, signal) {
      const path = idPath('servers', id);
      const body = await client.request(token, { method: 'GET', path, nullIfMissing: true }, signal);
      return body === null ? null : toServer(parseAnswer(one, body, NAME, 'the server').server);
    },
    async listTagged(token, filter, signal) {
      const selector = [`${INSTALL_LABEL}=${labelValue(filter.installId, 'installId')}`];
      if (filter.serverId) selector.push(`${SERVER_LABEL}=${labelValue(filter.serverId, 'serverId')}`);
      const query = { label_selector: selector.join(',') };
      const item = serverSchema;
      const servers = await listAll(client, token, { path: '/servers', query, key: 'servers', item }, signal);
      return servers.map(toServer);
    },
    async deleteServer(token, id, signal) {
      const path = idPath('servers', id);
      const body = await client.request(token, { method: 'GET', path, nullIfMissing: true }, signal);
      if (body === null) return;
      const volumes = parseAnswer(one, body, NAME, 'the server').server.volumes ?? [];
      await client.request(token, { method: 'DELETE', path, nullIfMissing: true }, signal);
      for (const volume of volumes) await deleteVolume(client, sleep, token, volume, signal);
    },
  };
}
