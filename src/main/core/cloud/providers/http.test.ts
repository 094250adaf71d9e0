import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { createJsonClient, untilReset, waitAsked, type ProviderDialect } from './http';

const dialect: ProviderDialect = {
  name: 'Example Cloud',
  tokenHelp: 'Make a new token.',
  errorMessage: () => null,
  rateLimitWait: untilReset,
};
const token = 'secret-token-123';
const signal = new AbortController().signal;

const failure = async (call: Promise<unknown>): Promise<AppError> => {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

describe('the JSON client providers share', () => {
  it('gives up on an attempt after its timeout and says so', async () => {
    // A fetch that never answers, only stops when its signal aborts.
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const client = createJsonClient(dialect, {
      baseUrl: 'http://127.0.0.1:9',
      fetch: hanging,
      timeoutMs: 20,
    });
    const error = await failure(client.request(token, { method: 'GET', path: '/x' }, signal));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('Example Cloud did not answer within 0.02 s. Try again.');
  });
});

describe('the token', () => {
  it('never repeats the token, even where a failure quotes it', async () => {
    const leaky: typeof fetch = () => Promise.reject(new Error(`connect refused for Bearer ${token}`));
    const client = createJsonClient(dialect, { baseUrl: 'http://127.0.0.1:9', fetch: leaky });
    const error = await failure(client.request(token, { method: 'GET', path: '/x' }, signal));
    expect(error.message).toBe(
      'Example Cloud could not be reached (connect refused for Bearer [token]). Check the internet connection and try again.',
    );
  });

  it('refuses a token that cannot go in a header, without sending anything', async () => {
    let sent = 0;
    const counting: typeof fetch = () => {
      sent += 1;
      return Promise.resolve(new Response('{}'));
    };
    const client = createJsonClient(dialect, { baseUrl: 'http://127.0.0.1:9', fetch: counting });
    const error = await failure(client.request('abc\ndef', { method: 'GET', path: '/x' }, signal));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'token' });
    expect(error.message).toBe('That is not a Example Cloud API token: paste it again as one line.');
    expect(sent).toBe(0);
  });
});

describe('requests and answers', () => {
  it('sends the token and JSON to the base URL with the query, and reads a 404 as null when asked', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const recording: typeof fetch = (url, init) => {
      seen.push({ url: url instanceof Request ? url.url : url.toString(), init });
      return Promise.resolve(new Response(JSON.stringify({ message: 'gone' }), { status: 404 }));
    };
    const client = createJsonClient(dialect, { baseUrl: 'https://api.example.com/v9/', fetch: recording });
    const request = {
      method: 'POST' as const,
      path: '/things',
      query: { page: 2 },
      body: { a: 1 },
      nullIfMissing: true,
    };
    expect(await client.request(token, request, signal)).toBeNull();
    expect(seen[0]?.url).toBe('https://api.example.com/v9/things?page=2');
    expect(seen[0]?.init?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    expect(seen[0]?.init?.body).toBe('{"a":1}');
    const missing = await failure(client.request(token, { method: 'GET', path: '/things/1' }, signal));
    expect(missing).toMatchObject({
      code: 'not_found',
      message: 'Example Cloud has no such resource: HTTP 404.',
    });
  });
});

describe('a 429', () => {
  it('reads how long a 429 asks to wait: seconds, an HTTP date, the reset time, else 5 s', () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    expect(waitAsked(new Headers({ 'retry-after': '12' }), dialect, now)).toBe(12_000);
    expect(waitAsked(new Headers({ 'retry-after': 'Mon, 07 Dec 2026 00:00:30 GMT' }), dialect, now)).toBe(
      30_000,
    );
    expect(waitAsked(new Headers({ 'ratelimit-reset': String(now / 1000 + 8) }), dialect, now)).toBe(8000);
    expect(waitAsked(new Headers(), dialect, now)).toBe(5000);
  });
});
