/** The fake Stripe's state: Checkout Sessions, the events they raise, and the API routes over them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormObject } from './stripe-form';
import {
  asInt,
  buildSession,
  listEvents,
  StripeApiError,
  type FakeEvent,
  type FakeSession,
} from './stripe-objects';
import type { createAuthenticator } from './stripe-protocol';

export function createSessionStore(now: () => number) {
  const sessions = new Map<string, FakeSession>();
  const events: FakeEvent[] = [];
  const emit = (type: string, session: FakeSession) => {
    const id = `evt_${String(events.length + 1).padStart(8, '0')}`;
    const { livemode } = session;
    events.push({
      id,
      object: 'event',
      type,
      created: now(),
      livemode,
      data: { object: structuredClone(session) },
    });
  };
  const expire = (session: FakeSession) => {
    if (session.status !== 'open')
      throw new StripeApiError(
        400,
        'invalid_request_error',
        'Only Checkout Sessions with a status in ["open"] can be expired.',
      );
    session.status = 'expired';
    session.url = null;
    emit('checkout.session.expired', session);
    return session;
  };
  const complete = (session: FakeSession) => {
    if (session.status !== 'open')
      throw new StripeApiError(400, 'invalid_request_error', `This Checkout Session is ${session.status}.`);
    session.status = 'complete';
    session.payment_status = 'paid';
    session.url = null;
    emit('checkout.session.completed', session);
    return session;
  };
  const find = (id: string): FakeSession => {
    const session = sessions.get(id);
    if (!session)
      throw new StripeApiError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, 'id');
    return session;
  };
  return {
    sessions,
    events,
    find,
    expire,
    complete,
    /** Stripe expires a session by itself once its expires_at has passed. */
    sweep() {
      for (const session of sessions.values())
        if (session.status === 'open' && session.expires_at <= now()) expire(session);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

/** The endpoints of Stripe's API the app calls, each behind the permission Stripe asks of a restricted key. */
export function createApiRoutes(
  store: SessionStore,
  authenticate: ReturnType<typeof createAuthenticator>,
  now: () => number,
) {
  return (request: IncomingMessage, path: string, params: FormObject, baseUrl: string): unknown => {
    const method = request.method ?? 'GET';
    const one = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const entry = authenticate(request, 'checkout_session_write');
      const session = buildSession(params, entry.key.includes('_live_'), baseUrl, now());
      store.sessions.set(session.id, session);
      return session;
    }
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      authenticate(request, 'checkout_session_read');
      const limit = params.limit === undefined ? 10 : asInt(params.limit, 'limit');
      const data = [...store.sessions.values()].reverse().slice(0, limit);
      return { object: 'list', url: path, has_more: store.sessions.size > limit, data };
    }
    if (one?.[1] && !one[2] && method === 'GET') {
      authenticate(request, 'checkout_session_read');
      return store.find(decodeURIComponent(one[1]));
    }
    if (one?.[1] && one[2] && method === 'POST') {
      authenticate(request, 'checkout_session_write');
      return store.expire(store.find(decodeURIComponent(one[1])));
    }
    if (method === 'GET' && path === '/v1/events') {
      authenticate(request, 'event_read');
      return listEvents(store.events, params);
    }
    throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  };
}

/** The "hosted checkout" a customer sees: a page with a Pay button. Not part of Stripe's API. */
export function payPage(store: SessionStore, response: ServerResponse, method: string, id: string): void {
  const session = store.sessions.get(id);
  let text: string;
  if (!session) text = 'No such checkout session.';
  else if (method === 'POST' && session.status === 'open') {
    store.complete(session);
    text = 'Payment received. Thank you!';
  } else if (session.status === 'open') {
    const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
    text = `<h1>Pay ${amount}</h1><form method="post"><button type="submit">Pay ${amount}</button></form>`;
  } else
    text = session.status === 'complete' ? 'This payment is complete.' : 'This Checkout Session has expired.';
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><title>Fake Stripe Checkout</title><main>${text}</main>`);
}
