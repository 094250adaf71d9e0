import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { startFakeStripe, type FakeStripe } from '../../../../../tests/fakes/stripe-server';
import { isIdempotencyConflict, type CheckoutSessionParams } from './stripe-gateway';
import { createStripeSdkGateway, STRIPE_API_VERSION, stripeEndpoint } from './stripe-sdk-gateway';

const key = 'rk_test_' + 'a1B2c3D4'.repeat(4);
/** Fixed once: a second ticking over between two calls must not change the parameters a key was used with. */
const expiresAt = Math.floor(Date.now() / 1000) + 3600;

const paramsFor = (invoiceId: string, cents = 12_345): CheckoutSessionParams => ({
  mode: 'payment',
  line_items: [
    {
      price_data: { currency: 'eur', unit_amount: cents, product_data: { name: 'Invoice INV-1 & co' } },
      quantity: 1,
    },
  ],
  customer_email: undefined,
  client_reference_id: invoiceId,
  metadata: { invoice_id: invoiceId, attempt: '1' },
  success_url: 'https://hoster.invalid/paid?invoice=INV-1',
  expires_at: expiresAt,
});

/** The AppError a gateway call failed with. */
const failure = async (call: Promise<unknown>): Promise<AppError> => {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

const startTestFake = () =>
  startFakeStripe({ keys: [{ key, permissions: ['checkout_session_write', 'event_read'] }] });

const posts = (fake: FakeStripe) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');

describe('the SDK client billing builds', () => {
  it("pins the API version this SDK's types describe", () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  });

  it('reads host, port and protocol from the API base', () => {
    expect(stripeEndpoint('http://127.0.0.1:4567')).toEqual({
      host: '127.0.0.1',
      port: 4567,
      protocol: 'http',
    });
    expect(stripeEndpoint('https://api.stripe.com')).toEqual({
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
  });
});

describe('what reaches Stripe through the SDK', () => {
  let fake: FakeStripe;
  beforeEach(async () => {
    fake = await startTestFake();
  });
  afterEach(() => fake.stop());

  it('sends nested parameters form-encoded with the pinned version, its own user agent and no telemetry', async () => {
    const gateway = createStripeSdkGateway({ apiBase: fake.url });
    const session = await gateway.createCheckoutSession(key, paramsFor('inv_1'), 'hoster-inv_1-checkout-1');
    expect(session).toMatchObject({ status: 'open', amount_total: 12_345, currency: 'eur', livemode: false });
    const [sent] = posts(fake);
    expect(sent).toMatchObject({
      stripeVersion: STRIPE_API_VERSION,
      idempotencyKey: 'hoster-inv_1-checkout-1',
      params: {
        mode: 'payment',
        line_items: [
          {
            price_data: {
              currency: 'eur',
              unit_amount: '12345',
              product_data: { name: 'Invoice INV-1 & co' },
            },
            quantity: '1',
          },
        ],
        metadata: { invoice_id: 'inv_1', attempt: '1' },
      },
    });
    expect(sent?.params).not.toHaveProperty('customer_email');
    expect(sent?.userAgent).toMatch(/^Stripe\/v1 NodeBindings\/\S+ Hoster Desktop/);
    const clientAgent = JSON.parse(sent?.clientUserAgent ?? '{}') as Record<string, unknown>;
    expect([clientAgent.lang, clientAgent.httplib, clientAgent.platform]).toEqual([
      'node',
      'fetch',
      undefined,
    ]);
  });

  it('answers a repeated idempotency key with the session already made, and refuses it with other parameters', async () => {
    const gateway = createStripeSdkGateway({ apiBase: fake.url });
    const first = await gateway.createCheckoutSession(key, paramsFor('inv_2'), 'hoster-inv_2-checkout-1');
    const again = await gateway.createCheckoutSession(key, paramsFor('inv_2'), 'hoster-inv_2-checkout-1');
    expect(again.id).toBe(first.id);
    expect(fake.sessions.size).toBe(1);
    expect(posts(fake).map((r) => r.isReplay)).toEqual([false, true]);

    const changed = await failure(
      gateway.createCheckoutSession(key, paramsFor('inv_2', 999), 'hoster-inv_2-checkout-1'),
    );
    expect(isIdempotencyConflict(changed)).toBe(true);
    expect(changed.message).toMatch(/^Stripe refused the request \(400\): .*same parameters/);
    expect(fake.sessions.size).toBe(1);
  });
});

describe('when Stripe fails or cannot be reached', () => {
  let fake: FakeStripe;
  beforeEach(async () => {
    fake = await startTestFake();
  });
  afterEach(() => fake.stop());

  it('retries a 5xx with the same idempotency key, so an outage that ends makes one session', async () => {
    const gateway = createStripeSdkGateway({ apiBase: fake.url });
    fake.failNext(2, 503);
    await gateway.createCheckoutSession(key, paramsFor('inv_3'), 'hoster-inv_3-checkout-1');
    expect(posts(fake).map((r) => [r.status, r.idempotencyKey])).toEqual([
      [503, 'hoster-inv_3-checkout-1'],
      [503, 'hoster-inv_3-checkout-1'],
      [200, 'hoster-inv_3-checkout-1'],
    ]);
    expect(fake.sessions.size).toBe(1);

    fake.failNext(3, 500);
    const outage = await failure(gateway.getCheckoutSession(key, [...fake.sessions.keys()][0]!));
    expect([outage.code, outage.message]).toEqual([
      'unavailable',
      'Stripe had a problem of its own (500). Try again shortly.',
    ]);
  });

  it('gives up on an unreachable Stripe after its retries, and sends nothing once cancelled', async () => {
    let tries = 0;
    const counting: typeof fetch = (input, init) => {
      tries += 1;
      return fetch(input, init);
    };
    const gateway = createStripeSdkGateway({ apiBase: fake.url, fetch: counting });
    await fake.stop();
    const offline = await failure(gateway.verifyKey(key));
    expect(offline.code).toBe('unavailable');
    expect(offline.message).toMatch(
      /^Stripe could not be reached \(.*ECONNREFUSED.*\)\. Check the connection/,
    );
    expect(tries).toBe(3);

    await fake.start();
    tries = 0;
    const cancelled = await failure(gateway.verifyKey(key, AbortSignal.abort()));
    expect(cancelled.code).toBe('cancelled');
    expect(tries).toBe(0);
  });
});

describe('the events list, and the versions the fake speaks', () => {
  let fake: FakeStripe;
  beforeEach(async () => {
    fake = await startTestFake();
  });
  afterEach(() => fake.stop());

  it('lists events with the filters Stripe reads, leaving out what is unset', async () => {
    const gateway = createStripeSdkGateway({ apiBase: fake.url });
    const made = await gateway.createCheckoutSession(key, paramsFor('inv_4'), 'hoster-inv_4-checkout-1');
    fake.completeSession(made.id);
    const page = await gateway.listEvents(key, {
      types: ['checkout.session.completed', 'checkout.session.expired'],
      created: { gte: made.created - 60 },
      limit: 100,
      starting_after: undefined,
    });
    expect(page.data.map((e) => e.type)).toEqual(['checkout.session.completed']);
    expect(page.has_more).toBe(false);
    expect(fake.requests.at(-1)?.params).toEqual({
      types: ['checkout.session.completed', 'checkout.session.expired'],
      created: { gte: String(made.created - 60) },
      limit: '100',
    });
  });

  it('forgets an idempotency key after 24 hours, as Stripe does', async () => {
    const gateway = createStripeSdkGateway({ apiBase: fake.url });
    await gateway.createCheckoutSession(key, paramsFor('inv_5'), 'hoster-inv_5-checkout-1');
    fake.advanceSeconds(24 * 3600);
    const dayLater = { ...paramsFor('inv_5'), expires_at: expiresAt + 24 * 3600 };
    await gateway.createCheckoutSession(key, dayLater, 'hoster-inv_5-checkout-1');
    expect(fake.sessions.size).toBe(2);
    expect(posts(fake).map((r) => [r.status, r.isReplay])).toEqual([
      [200, false],
      [200, false],
    ]);
  });

  it('refuses in the fake an API version it was not checked against, as Stripe refuses one it does not know', async () => {
    const response = await fetch(`${fake.url}/v1/checkout/sessions?limit=1`, {
      headers: { authorization: `Bearer ${key}`, 'stripe-version': '2099-01-01.future' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: 'Invalid Stripe API version: 2099-01-01.future' },
    });
  });
});
