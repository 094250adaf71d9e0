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
import {
  checkHeaders,
  createAuthenticator,
  createIdempotencyStore,
  readHeaders,
  type Answer,
  type FakeStripeKey,
  type RequestHeaders,
} from './stripe-protocol';
import {
  asInt,
  buildSession,
  listEvents,
  parseForm,
  StripeApiError,
  type FakeEvent,
  type FakeSession,
} from './stripe-objects';

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

export async function startFakeStripe(options: { keys: readonly FakeStripeKey[] }): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const events: FakeEvent[] = [];
  const requests: RecordedRequest[] = [];
  let offsetSeconds = 0;
  let port = 0;
  let outage = { remaining: 0, status: 500 };
  const now = () => Math.floor(Date.now() / 1000) + offsetSeconds;
  const idempotency = createIdempotencyStore(now);

  const emit = (type: string, session: FakeSession) => {
    const id = `evt_${String(events.length + 1).padStart(8, '0')}`;
    events.push({
      id,
      object: 'event',
      type,
      created: now(),
      livemode: session.livemode,
      data: { object: structuredClone(session) },
    });
  };
  const expire = (session: FakeSession) => {
    if (session.status !== 'open') {
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'Only Checkout Sessions with a status in ["open"] can be expired.',
      );
    }
    session.status = 'expired';
    session.url = null;
    emit('checkout.session.expired', session);
  };
  const complete = (session: FakeSession) => {
    if (session.status !== 'open')
      throw new StripeApiError(400, 'invalid_request_error', `This Checkout Session is ${session.status}.`);
    session.status = 'complete';
    session.payment_status = 'paid';
    session.url = null;
    emit('checkout.session.completed', session);
  };
  /** Stripe expires a session by itself once its expires_at has passed. */
  const sweep = () => {
    for (const session of sessions.values())
      if (session.status === 'open' && session.expires_at <= now()) expire(session);
  };
  const find = (id: string): FakeSession => {
    const session = sessions.get(id);
    if (!session)
      throw new StripeApiError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, 'id');
    return session;
  };

  const authenticate = createAuthenticator(options.keys);

  const route = (request: IncomingMessage, path: string, params: FormObject, baseUrl: string): unknown => {
    const method = request.method ?? 'GET';
    const one = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const entry = authenticate(request, 'checkout_session_write');
      const session = buildSession(params, entry.key.includes('_live_'), baseUrl, now());
      sessions.set(session.id, session);
      return session;
    }
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      authenticate(request, 'checkout_session_read');
      const limit = params.limit === undefined ? 10 : asInt(params.limit, 'limit');
      return {
        object: 'list',
        url: path,
        has_more: sessions.size > limit,
        data: [...sessions.values()].reverse().slice(0, limit),
      };
    }
    if (one?.[1] && !one[2] && method === 'GET') {
      authenticate(request, 'checkout_session_read');
      return find(decodeURIComponent(one[1]));
    }
    if (one?.[1] && one[2] && method === 'POST') {
      authenticate(request, 'checkout_session_write');
      const session = find(decodeURIComponent(one[1]));
      expire(session);
      return session;
    }
    if (method === 'GET' && path === '/v1/events') {
      authenticate(request, 'event_read');
      return listEvents(events, params);
    }
    throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  };

  /** The "hosted checkout" a customer sees: a page with a Pay button. Not part of Stripe's API. */
  const payPage = (response: ServerResponse, method: string, id: string) => {
    const session = sessions.get(id);
    let text: string;
    if (!session) text = 'No such checkout session.';
    else if (method === 'POST' && session.status === 'open') {
      complete(session);
      text = 'Payment received. Thank you!';
    } else if (session.status === 'open') {
      const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
      text = `<h1>Pay ${amount}</h1><form method="post"><button type="submit">Pay ${amount}</button></form>`;
    } else
      text =
        session.status === 'complete' ? 'This payment is complete.' : 'This Checkout Session has expired.';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Fake Stripe Checkout</title><main>${text}</main>`);
  };

  /** Answers the API: headers first, then the endpoint, through the idempotency store. */
  const answer = (
    request: IncomingMessage,
    url: URL,
    params: FormObject,
    headers: RequestHeaders,
  ): Answer => {
    if (outage.remaining > 0) {
      outage.remaining -= 1;
      throw new StripeApiError(outage.status, 'api_error', "An unexpected error occurred on Stripe's end.");
    }
    checkHeaders(request, headers);
    const scope = {
      account: request.headers.authorization ?? '',
      key: headers.idempotencyKey,
      method: request.method ?? 'GET',
      path: url.pathname,
      params,
    };
    return idempotency.answer(scope, () => route(request, url.pathname, params, `http://127.0.0.1:${port}`));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const method = request.method ?? 'GET';
    const pay = /^\/pay\/([^/]+)$/.exec(url.pathname);
    if (pay?.[1]) return payPage(response, method, decodeURIComponent(pay[1]));
    const control = /^\/_test\/checkout\/sessions\/([^/]+)\/(complete|expire)$/.exec(url.pathname);
    const headers = readHeaders(request);
    sweep();
    let params: FormObject = {};
    let result: Answer;
    try {
      params = parseForm(method === 'GET' ? url.search.slice(1) : Buffer.concat(chunks).toString('utf8'));
      if (control?.[1]) {
        const session = find(decodeURIComponent(control[1]));
        if (control[2] === 'complete') complete(session);
        else expire(session);
        result = { status: 200, body: session, isReplay: false };
      } else result = answer(request, url, params, headers);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      const body = {
        error: { type: error.type, message: error.message, ...(error.param ? { param: error.param } : {}) },
      };
      result = { status: error.status, body, isReplay: false };
    }
    requests.push({
      ...headers,
      method,
      path: url.pathname,
      params,
      status: result.status,
      isReplay: result.isReplay,
    });
    response.writeHead(result.status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(6).toString('hex')}`,
      ...(result.isReplay ? { 'idempotent-replayed': 'true' } : {}),
    });
    response.end(JSON.stringify(result.body));
  };

  let server: Server | null = null;
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
  await start();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    requests,
    sessions,
    events,
    count: (method, path) =>
      requests.filter(
        (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
      ).length,
    completeSession: (id) => {
      const session = find(id);
      complete(session);
      return session;
    },
    expireSession: (id) => {
      const session = find(id);
      expire(session);
      return session;
    },
    failNext: (times, status = 500) => {
      outage = { remaining: times, status };
    },
    advanceSeconds: (seconds) => {
      offsetSeconds += seconds;
    },
    async stop() {
      const current = server;
      if (!current) return;
      server = null;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: () => (server ? Promise.resolve() : start()),
  };
}
