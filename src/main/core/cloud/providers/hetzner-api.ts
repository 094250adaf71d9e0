import { z } from 'zod';
import { AppError } from '@shared/result';
import {
  createJsonClient,
  untilReset,
  type HttpOptions,
  type JsonClient,
  type ProviderDialect,
} from './http';
import { listPages, type ListRequest } from './paging';

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
export const listAll = <T>(client: JsonClient, token: string, request: ListRequest<T>, signal: AbortSignal) =>
  listPages(
    client,
    token,
    {
      provider: NAME,
      envelope: paged,
      nextPage: (e) => e.meta.pagination.next_page,
      perPage: PER_PAGE,
      maxPages: MAX_PAGES,
    },
    request,
    signal,
  );

export const createHetznerClient = (
  options: Omit<HttpOptions, 'baseUrl'> & { baseUrl?: string | undefined },
) => createJsonClient(dialect, { ...options, baseUrl: options.baseUrl ?? HETZNER_API });
