import { AppError } from '@shared/result';
import type { z } from 'zod';

/** Waits `ms`, or rejects when the signal aborts; injected by tests so a 429 is waited out without waiting. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const REQUEST_TIMEOUT_MS = 20_000;
/** At most this many 429s are waited out per request, each for at most MAX_WAIT_MS. */
export const MAX_RATE_LIMIT_WAITS = 3;
export const MAX_WAIT_MS = 60_000;
/** When a 429 names no time to wait. */
const DEFAULT_WAIT_MS = 5_000;

/** Waits `ms`; an abort ends the wait at once with `onAbort`'s error (by default the signal's reason). */
export const pause = (
  ms: number,
  signal: AbortSignal,
  onAbort: () => Error = () => signal.reason as Error,
): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(onAbort());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    const aborted = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    signal.addEventListener('abort', aborted, { once: true });
  });

export const sleepFor: Sleep = (ms, signal) =>
  pause(ms, signal, () => new AppError('cancelled', 'Cancelled while waiting out a rate limit.'));

/** What differs between providers: their name, where a token is made, and where they put their words. */
export interface ProviderDialect {
  name: string;
  /** Said after a refused token: what to create, and where. */
  tokenHelp: string;
  /** The provider's own error message from an error body, if it has one. */
  errorMessage(body: unknown): string | null;
  /** How long a 429 without Retry-After asks to wait, from the provider's rate-limit headers (ms). */
  rateLimitWait(headers: Headers, now: number): number | null;
}

export interface HttpOptions {
  baseUrl: string;
  fetch?: typeof fetch | undefined;
  sleep?: Sleep | undefined;
  now?: (() => number) | undefined;
  timeoutMs?: number | undefined;
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A 404 answers null instead of failing. */
  nullIfMissing?: boolean;
}

export interface JsonClient {
  request(token: string, request: JsonRequest, signal: AbortSignal): Promise<unknown>;
}

const redact = (text: string, token: string) => (token ? text.split(token).join('[token]') : text);

/** Ms until the Unix time (seconds) in the RateLimit-Reset header, if one came. */
export function untilReset(headers: Headers, now: number): number | null {
  const value = headers.get('ratelimit-reset');
  const reset = Number(value);
  return value !== null && Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : null;
}

/** How long a 429 asks to wait, in ms: Retry-After (seconds or an HTTP date), else the provider's own reading. */
export function waitAsked(
  headers: Headers,
  dialect: Pick<ProviderDialect, 'rateLimitWait'>,
  now: number,
): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return dialect.rateLimitWait(headers, now) ?? DEFAULT_WAIT_MS;
}

function refusal(dialect: ProviderDialect, status: number, said: string): AppError {
  const name = dialect.name;
  const details = { providerStatus: status };
  if (status === 401 || status === 403)
    return new AppError('unauthorized', `${name} refused the token: ${said} ${dialect.tokenHelp}`, {
      details,
    });
  if (status === 404) return new AppError('not_found', `${name} has no such resource: ${said}`, { details });
  if (status === 409 || status === 423)
    return new AppError('conflict', `${name} cannot do this right now: ${said} Try again in a minute.`, {
      details,
    });
  if (status >= 500)
    return new AppError(
      'unavailable',
      `${name} had a problem of its own (${status}): ${said} Try again shortly.`,
      {
        details,
      },
    );
  return new AppError('invalid_input', `${name} refused the request: ${said}`, { details });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function urlFor(baseUrl: string, request: JsonRequest): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value));
  return url.toString();
}

interface Sent {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Transport {
  doFetch: typeof fetch;
  baseUrl: string;
  timeoutMs: number;
}

/** One attempt, answer read in full within the timeout; a failure to get one says why in words. */
async function send(
  dialect: ProviderDialect,
  transport: Transport,
  token: string,
  request: JsonRequest,
  signal: AbortSignal,
): Promise<Sent> {
  const timeout = AbortSignal.timeout(transport.timeoutMs);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await transport.doFetch(urlFor(transport.baseUrl, request), {
      method: request.method,
      headers: { ...headers, ...request.headers },
      body: request.body === undefined ? null : JSON.stringify(request.body),
      signal: AbortSignal.any([signal, timeout]),
    });
    return { status: response.status, headers: response.headers, body: await readBody(response) };
  } catch (error) {
    if (signal.aborted) throw new AppError('cancelled', `The request to ${dialect.name} was cancelled.`);
    if (timeout.aborted)
      throw new AppError(
        'timeout',
        `${dialect.name} did not answer within ${transport.timeoutMs / 1000} s. Try again.`,
      );
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new AppError(
      'unavailable',
      `${dialect.name} could not be reached (${redact(reason, token)}). Check the internet connection and try again.`,
    );
  }
}

/**
 * The JSON-over-HTTPS client every provider uses: bearer token, a 20 s timeout per attempt, 429s
 * waited out (bounded, abortable), and failures as AppErrors in the provider's words. The token is
 * sent only to the configured base URL and never appears in a message.
 */
export function createJsonClient(dialect: ProviderDialect, options: HttpOptions): JsonClient {
  const transport = {
    doFetch: options.fetch ?? fetch,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
  };
  const sleep = options.sleep ?? sleepFor;
  const now = options.now ?? Date.now;
  const rateLimited = (asked: number, waits: number) =>
    new AppError(
      'rate_limited',
      waits >= MAX_RATE_LIMIT_WAITS
        ? `${dialect.name} is still limiting requests after ${waits} waits. Try again in a few minutes.`
        : `${dialect.name} is limiting requests for the next ${Math.ceil(asked / 1000)} s. Try again then.`,
    );

  return {
    async request(token, request, signal) {
      // A pasted token with a space or line break in it cannot go in a header; say so, not "unreachable".
      if (!/^[\x21-\x7e]+$/.test(token))
        throw new AppError(
          'invalid_input',
          `That is not a ${dialect.name} API token: paste it again as one line.`,
          {
            field: 'token',
          },
        );
      for (let waits = 0; ; waits += 1) {
        const answer = await send(dialect, transport, token, request, signal);
        if (answer.status === 429) {
          const asked = waitAsked(answer.headers, dialect, now());
          if (waits >= MAX_RATE_LIMIT_WAITS || asked > MAX_WAIT_MS) throw rateLimited(asked, waits);
          await sleep(asked, signal);
          continue;
        }
        if (answer.status >= 200 && answer.status < 300) return answer.body;
        if (answer.status === 404 && request.nullIfMissing) return null;
        const said = redact(dialect.errorMessage(answer.body) ?? `HTTP ${answer.status}.`, token);
        throw refusal(dialect, answer.status, said);
      }
    },
  };
}

/** A body that is not the documented shape: say so rather than guess. */
export const unexpectedShape = (provider: string, what: string, issue: string): AppError =>
  new AppError(
    'unavailable',
    `${provider} answered ${what} in a shape this app does not understand (${issue}). Try again later, or report it.`,
  );

/** Reads an answer with its schema; anything else is an `unavailable` AppError naming what was wrong. */
export function parseAnswer<T>(schema: z.ZodType<T>, body: unknown, provider: string, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw unexpectedShape(
    provider,
    what,
    issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'no body',
  );
}
