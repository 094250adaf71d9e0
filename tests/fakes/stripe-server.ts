/**
 * A local stand-in for the parts of Stripe's API the app uses, on 127.0.0.1, behaving as Stripe
 * documents them: form-encoded bodies with bracketed keys, the Stripe-Version header, API key auth
 * (401) and restricted-key permissions (403), idempotency keys that replay the first answer (400
 * idempotency_error when reused with other parameters; see stripe-protocol.ts), Checkout Sessions that
 * tests complete or expire, and the events list with created[gte], type/types, starting_after and
 * has_more. It also serves a small "hosted checkout" page at each session's url, so a browser test can
 * pay the way a customer would, and can fail the next requests with a 5xx as an outage would.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FormObject } from './stripe-form';
import { parseForm, StripeApiError, type FakeEvent, type FakeSession } from './stripe-objects';
import {
  checkHeaders,
  createAuthenticator,
  createIdempotencyStore,
  readHeaders,
  type Answer,
  type FakeStripeKey,
  type RequestHeaders,
} from './stripe-protocol';
import { createApiRoutes, createSessionStore, payPage, type SessionStore } from './stripe-sessions';

export type { FakeEvent, FakeSession } from './stripe-objects';

export type { FakeStripeKey, StripePermission } from './stripe-protocol';

export interface RecordedRequest extends RequestHeaders {
  method: string;
  path: string;
  params: FormObject;
  status: number;
  isReplay: boolean;
}

export interface FakeStripe {
  url: string;
  requests: RecordedRequest[];
  sessions: Map<string, FakeSession>;
  events: FakeEvent[];
  count(method: string, path: string | RegExp): number;
  completeSession(id: string): FakeSession;
  expireSession(id: string): FakeSession;
  /** The next `times` API requests get `status` (a 5xx) before Stripe looks at them, as in an outage. */
  failNext(times: number, status?: number): void;
  /** Moves the fake's clock, so sessions pass their expires_at. */
  advanceSeconds(seconds: number): void;
  /** Goes offline (connections refused) and back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

interface HandlerDeps {
  store: SessionStore;
  route: ReturnType<typeof createApiRoutes>;
  idempotency: ReturnType<typeof createIdempotencyStore>;
  requests: RecordedRequest[];
  outage: { remaining: number; status: number };
  baseUrl: () => string;
}

const errorBody = (error: StripeApiError) => ({
  error: { type: error.type, message: error.message, ...(error.param ? { param: error.param } : {}) },
});

/** Answers the API: an outage first, then headers, then the endpoint through the idempotency store. */
function answer(
  deps: HandlerDeps,
  request: IncomingMessage,
  url: URL,
  params: FormObject,
  headers: RequestHeaders,
) {
  if (deps.outage.remaining > 0) {
    deps.outage.remaining -= 1;
    throw new StripeApiError(
      deps.outage.status,
      'api_error',
      "An unexpected error occurred on Stripe's end.",
    );
  }
  checkHeaders(request, headers);
  const scope = {
    account: request.headers.authorization ?? '',
    key: headers.idempotencyKey,
    method: request.method ?? 'GET',
    path: url.pathname,
    params,
  };
  return deps.idempotency.answer(scope, () => deps.route(request, url.pathname, params, deps.baseUrl()));
}

/** The test-only control routes complete or expire a session as a customer or Stripe's clock would. */
function control(store: SessionStore, id: string, action: string): Answer {
  const session = store.find(id);
  return {
    status: 200,
    body: action === 'complete' ? store.complete(session) : store.expire(session),
    isReplay: false,
  };
}

function createRequestHandler(deps: HandlerDeps) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', deps.baseUrl());
    const method = request.method ?? 'GET';
    const pay = /^\/pay\/([^/]+)$/.exec(url.pathname);
    if (pay?.[1]) return payPage(deps.store, response, method, decodeURIComponent(pay[1]));
    const controlled = /^\/_test\/checkout\/sessions\/([^/]+)\/(complete|expire)$/.exec(url.pathname);
    const headers = readHeaders(request);
    deps.store.sweep();
    let params: FormObject = {};
    let result: Answer;
    try {
      params = parseForm(method === 'GET' ? url.search.slice(1) : Buffer.concat(chunks).toString('utf8'));
      result = controlled?.[1]
        ? control(deps.store, decodeURIComponent(controlled[1]), controlled[2] ?? '')
        : answer(deps, request, url, params, headers);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      result = { status: error.status, body: errorBody(error), isReplay: false };
    }
    const { status, isReplay } = result;
    deps.requests.push({ ...headers, method, path: url.pathname, params, status, isReplay });
    response.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(6).toString('hex')}`,
      ...(isReplay ? { 'idempotent-replayed': 'true' } : {}),
    });
    response.end(JSON.stringify(result.body));
  };
}

/** Listens on 127.0.0.1 (the same port again after a stop); stop closes every connection at once. */
function createListener(handle: ReturnType<typeof createRequestHandler>) {
  let server: Server | null = null;
  let port = 0;
  const start = async () => {
    const next = createServer((request, response) => {
      handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  return {
    url: () => `http://127.0.0.1:${port}`,
    start: () => (server ? Promise.resolve() : start()),
    async stop() {
      const current = server;
      if (!current) return;
      server = null;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}

export async function startFakeStripe(options: { keys: readonly FakeStripeKey[] }): Promise<FakeStripe> {
  let offsetSeconds = 0;
  const now = () => Math.floor(Date.now() / 1000) + offsetSeconds;
  const store = createSessionStore(now);
  const requests: RecordedRequest[] = [];
  const outage = { remaining: 0, status: 500 };
  const route = createApiRoutes(store, createAuthenticator(options.keys), now);
  const idempotency = createIdempotencyStore(now);
  const listener = createListener(
    createRequestHandler({ store, route, idempotency, requests, outage, baseUrl: () => listener.url() }),
  );
  await listener.start();

  return {
    get url() {
      return listener.url();
    },
    requests,
    sessions: store.sessions,
    events: store.events,
    count: (method, path) =>
      requests.filter(
        (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
      ).length,
    completeSession: (id) => store.complete(store.find(id)),
    expireSession: (id) => store.expire(store.find(id)),
    failNext: (times, status = 500) => {
      Object.assign(outage, { remaining: times, status });
    },
    advanceSeconds: (seconds) => {
      offsetSeconds += seconds;
    },
    stop: () => listener.stop(),
    start: () => listener.start(),
  };
}
