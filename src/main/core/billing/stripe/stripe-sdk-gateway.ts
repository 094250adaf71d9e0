import Stripe from 'stripe';
import type { z } from 'zod';
import { AppError } from '@shared/result';
import { stripeFailure } from './stripe-errors';
import { checkoutSessionSchema, eventPageSchema, type StripeGateway } from './stripe-gateway';

/**
 * Pinned so the shape of what Stripe answers does not change under us. It is the version this SDK's
 * types describe (`Stripe.API_VERSION`); the SDK types the option as exactly that version, so a new
 * SDK that moves on fails the typecheck here until the objects billing reads are checked again.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';
/** Per try; the SDK then retries a lost connection, a 409 or a 5xx, with backoff. */
export const STRIPE_TIMEOUT_MS = 20_000;
export const STRIPE_MAX_NETWORK_RETRIES = 2;

/** https://api.stripe.com, or a local fake in tests, as the SDK's host, port and protocol. */
export function stripeEndpoint(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** The caller's signal aborts the request in flight and every retry the SDK would still make. */
const cancellable =
  (fetchFn: typeof fetch, signal: AbortSignal | undefined): typeof fetch =>
  (input, init) => {
    if (!signal) return fetchFn(input, init);
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return fetchFn(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    });
  };

const parsed = <T>(schema: z.ZodType<T>, body: unknown, what: string): T => {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new AppError('unavailable', `Stripe answered with ${what} this app does not understand.`);
  return result.data;
};

/** Stripe's API through the official SDK: typed requests, idempotency keys, retries with backoff. */
export function createStripeSdkGateway(options: { apiBase: string; fetch?: typeof fetch }): StripeGateway {
  const endpoint = stripeEndpoint(options.apiBase);
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));

  /** A client per call: the key comes from the keychain each time, and the signal belongs to the call. */
  const call = async <T>(
    key: string,
    signal: AbortSignal | undefined,
    run: (stripe: Stripe) => Promise<T>,
  ) => {
    if (signal?.aborted) throw new AppError('cancelled', 'The request to Stripe was cancelled.');
    const stripe = new Stripe(key, {
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: STRIPE_MAX_NETWORK_RETRIES,
      timeout: STRIPE_TIMEOUT_MS,
      ...endpoint,
      httpClient: Stripe.createFetchHttpClient(cancellable(fetchFn, signal)),
      // Latency reports and the machine's OS and release are nothing Stripe needs from a desktop app.
      telemetry: false,
      appInfo: { name: 'Hoster Desktop' },
    });
    try {
      return await run(stripe);
    } catch (error) {
      throw stripeFailure(error, { key, timeoutMs: STRIPE_TIMEOUT_MS, signal });
    }
  };
  const session = (body: unknown) => parsed(checkoutSessionSchema, body, 'a Checkout Session');

  return {
    createCheckoutSession: (key, params, idempotencyKey, signal) =>
      call(key, signal, (stripe) => stripe.checkout.sessions.create(params, { idempotencyKey })).then(
        session,
      ),
    getCheckoutSession: (key, id, signal) =>
      call(key, signal, (stripe) => stripe.checkout.sessions.retrieve(id)).then(session),
    expireCheckoutSession: (key, id, signal) =>
      call(key, signal, (stripe) => stripe.checkout.sessions.expire(id)).then(session),
    listEvents: (key, query, signal) =>
      call(key, signal, (stripe) => stripe.events.list(query)).then((page) =>
        parsed(eventPageSchema, page, 'an events list'),
      ),
    verifyKey: async (key, signal) => {
      await call(key, signal, (stripe) => stripe.checkout.sessions.list({ limit: 1 }));
    },
  };
}
