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

/** What every Hetzner Cloud call shares: the API, its error words, its ids and its paged lists. */
export const HETZNER_API = 'https://api.hetzner.cloud/v1';
export const NAME = 'Hetzner Cloud';
const PER_PAGE = 50;
const MAX_PAGES = 40;

const dialect: ProviderDialect = {
  name: NAME,
  tokenHelp:
    'Create an API token with Read & Write permission in the Hetzner Cloud Console (your project → Security → API tokens) and save it again.',
  errorMessage: (body) => {
    const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    return parsed.success ? parsed.data.error.message : null;
  },
  // The reset time is when the whole budget is back, but it refills one request every hour/limit:
  // wait for the next one, not for all of them.
  rateLimitWait: (headers, now) => {
    const limit = Number(headers.get('ratelimit-limit'));
    const refill = limit > 0 ? Math.ceil(3_600_000 / limit) : null;
    const reset = untilReset(headers, now);
    return refill === null ? reset : Math.min(refill, reset ?? refill);
  },
};

export const paged = z.object({
  meta: z.object({
    pagination: z.object({
      next_page: z.number().int().nullable(),
      total_entries: z.number().int().nullable(),
    }),
  }),
});
export function idPath(kind: 'servers' | 'volumes', id: string | number): string {
  if (!/^[1-9][0-9]*$/.test(String(id)))
    throw new AppError('invalid_input', `"${id}" is not a Hetzner Cloud id (a number).`, { field: 'id' });
  return `/${kind}/${id}`;
}

/** Every page of a Hetzner list, by `meta.pagination.next_page`. */
export async function listAll<T>(
  client: JsonClient,
  token: string,
  request: { path: string; query?: Record<string, string | number>; key: string; item: z.ZodType<T> },
  signal: AbortSignal,
): Promise<T[]> {
  const schema = paged.and(z.object({ [request.key]: z.array(request.item) }));
  const items: T[] = [];
  let page = 1;
  for (let count = 0; count < MAX_PAGES; count += 1) {
    const query = { ...request.query, per_page: PER_PAGE, page };
    const body = await client.request(token, { method: 'GET', path: request.path, query }, signal);
    const parsed = parseAnswer(schema, body, NAME, request.path) as z.infer<typeof paged> &
      Record<string, T[]>;
    items.push(...(parsed[request.key] ?? []));
    const next = parsed.meta.pagination.next_page;
    if (next === null || next <= page) return items;
    page = next;
  }
  return items;
}

export const createHetznerClient = (
  options: Omit<HttpOptions, 'baseUrl'> & { baseUrl?: string | undefined },
) => createJsonClient(dialect, { ...options, baseUrl: options.baseUrl ?? HETZNER_API });
