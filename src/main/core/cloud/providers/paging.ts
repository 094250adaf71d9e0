import { z } from 'zod';
import { parseAnswer, type JsonClient } from './http';

/** How one provider pages its lists: the envelope that says where the next page is. */
export interface Paging<P> {
  provider: string;
  envelope: z.ZodType<P>;
  /** The next page's number, or null on the last page. */
  nextPage: (envelope: P) => number | null;
  perPage: number;
  maxPages: number;
}

export interface ListRequest<T> {
  path: string;
  query?: Record<string, string | number>;
  /** The field of the answer that holds the items. */
  key: string;
  item: z.ZodType<T>;
}

/**
 * Every page of a list. Each page is asked of the configured base URL by its number, never by a
 * link an answer gives, so the token never goes to a host an answer names. Bounded by `maxPages`.
 */
export async function listPages<T, P>(
  client: JsonClient,
  token: string,
  paging: Paging<P>,
  request: ListRequest<T>,
  signal: AbortSignal,
): Promise<T[]> {
  const schema = paging.envelope.and(z.object({ [request.key]: z.array(request.item) }));
  const items: T[] = [];
  let page = 1;
  for (let count = 0; count < paging.maxPages; count += 1) {
    const query = { ...request.query, per_page: paging.perPage, page };
    const body = await client.request(token, { method: 'GET', path: request.path, query }, signal);
    const parsed = parseAnswer(schema, body, paging.provider, request.path) as P & Record<string, T[]>;
    items.push(...(parsed[request.key] ?? []));
    const next = paging.nextPage(parsed);
    if (next === null || next <= page) return items;
    page = next;
  }
  return items;
}
