import { z } from 'zod';
import { AppError } from '@shared/result';
import { encodeForm, type FormValue } from './form-encoding';

/** Pinned so the shape of what Stripe answers does not change under us. */
export const STRIPE_API_VERSION = '2025-07-30.basil';
const TIMEOUT_MS = 20_000;

export const checkoutSessionSchema = z.object({
  id: z.string(),
  object: z.literal('checkout.session'),
  status: z.enum(['open', 'complete', 'expired']).nullable(),
  payment_status: z.string(),
  url: z.string().nullable(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  created: z.number().int(),
  expires_at: z.number().int(),
  livemode: z.boolean(),
  client_reference_id: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});
export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;

const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number().int(),
  data: z.object({ object: z.unknown() }),
});
export type StripeEvent = z.infer<typeof eventSchema>;
const eventListSchema = z.object({ data: z.array(eventSchema), has_more: z.boolean() });
const sessionListSchema = z.object({ data: z.array(z.unknown()) });
const stripeErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.string().optional(),
  }),
});

/**
 * What a restricted key needs for every call below: Checkout Sessions are created, read, listed and
 * expired (Write includes Read); events are listed to catch up on payments. Line items are inline
 * (price_data), so no Products or Prices are read, and no Customer is touched (customer_email only).
 */
export const STRIPE_KEY_PERMISSIONS = '"Checkout Sessions: Write" and "Events: Read"';

const keyLike = /\b(sk|rk|pk)_(live|test)_[0-9A-Za-z*]+/g;

/** Stripe's own messages quote keys (partly masked); ours never repeat any part of one. */
const redact = (text: string, key: string): string => text.split(key).join('[key]').replace(keyLike, '[key]');

function stripeError(status: number, body: unknown, key: string): AppError {
  const parsed = stripeErrorSchema.safeParse(body);
  const said =
    parsed.success && parsed.data.error.message ? redact(parsed.data.error.message, key) : 'no details';
  const details = {
    stripeStatus: status,
    stripeType: parsed.success ? (parsed.data.error.type ?? null) : null,
  };
  if (status === 401)
    return new AppError(
      'unauthorized',
      `Stripe did not accept the secret key (401): ${said} Paste a current key under Billing → Settings.`,
      { details },
    );
  if (status === 403)
    return new AppError(
      'forbidden',
      `The Stripe key lacks a permission this needs (403): ${said} Give the restricted key ${STRIPE_KEY_PERMISSIONS} in the Stripe Dashboard.`,
      { details },
    );
  if (status === 404)
    return new AppError('not_found', `Stripe has no such object (404): ${said}`, { details });
  if (status === 429)
    return new AppError(
      'unavailable',
      'Stripe is limiting requests right now (429). Try again in a minute.',
      { details },
    );
  if (status >= 500)
    return new AppError('unavailable', `Stripe had a problem of its own (${status}). Try again shortly.`, {
      details,
    });
  return new AppError('invalid_input', `Stripe refused the request (${status}): ${said}`, { details });
}

const parseJson = (text: string): unknown => {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
};

export const isIdempotencyConflict = (error: unknown): boolean =>
  error instanceof AppError && error.details?.stripeType === 'idempotency_error';

/** True when Stripe answered and refused, so it certainly created nothing; false when we cannot know. */
export const isDefinitiveRefusal = (error: unknown): boolean => {
  if (!(error instanceof AppError)) return false;
  const status = error.details?.stripeStatus;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 409 && status !== 429;
};

export interface StripeClient {
  createCheckoutSession(
    key: string,
    params: Record<string, FormValue>,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<CheckoutSession>;
  getCheckoutSession(key: string, id: string, signal?: AbortSignal): Promise<CheckoutSession>;
  expireCheckoutSession(key: string, id: string, signal?: AbortSignal): Promise<CheckoutSession>;
  listEvents(
    key: string,
    query: Record<string, FormValue>,
    signal?: AbortSignal,
  ): Promise<z.infer<typeof eventListSchema>>;
  /** Lists one session: proves the key is genuine and may read Checkout Sessions. */
  verifyKey(key: string, signal?: AbortSignal): Promise<void>;
}

/** Stripe's REST API with fetch: form-encoded bodies, Bearer secret key, Stripe-shaped errors in words. */
export function createStripeClient(options: { baseUrl: string; fetch?: typeof fetch }): StripeClient {
  const doFetch = options.fetch ?? fetch;
  const request = async (
    key: string,
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, FormValue>,
    extra: { idempotencyKey?: string; signal?: AbortSignal | undefined },
  ) => {
    const form = encodeForm(params);
    const url = new URL(path + (method === 'GET' && form ? `?${form}` : ''), options.baseUrl);
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      'stripe-version': STRIPE_API_VERSION,
    };
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    if (extra.idempotencyKey) headers['idempotency-key'] = extra.idempotencyKey;
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: method === 'POST' ? form : undefined,
        signal: extra.signal ? AbortSignal.any([extra.signal, timeout]) : timeout,
      });
    } catch (error) {
      if (extra.signal?.aborted) throw new AppError('cancelled', 'The request to Stripe was cancelled.');
      if (timeout.aborted)
        throw new AppError(
          'timeout',
          `Stripe did not answer within ${TIMEOUT_MS / 1000} s. Nothing was changed; try again.`,
        );
      const reason =
        error instanceof Error && error.cause instanceof Error
          ? error.cause.message
          : error instanceof Error
            ? error.message
            : String(error);
      throw new AppError(
        'unavailable',
        `Stripe could not be reached (${redact(reason, key)}). Check the connection and try again.`,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new AppError(
        'unavailable',
        'The answer from Stripe was cut off. Check the connection and try again.',
      );
    }
    const body = parseJson(text);
    if (!response.ok) throw stripeError(response.status, body, key);
    return body;
  };
  const session = (body: unknown): CheckoutSession => {
    const parsed = checkoutSessionSchema.safeParse(body);
    if (!parsed.success)
      throw new AppError(
        'unavailable',
        'Stripe answered with a Checkout Session this app does not understand.',
      );
    return parsed.data;
  };

  return {
    async createCheckoutSession(key, params, idempotencyKey, signal) {
      return session(await request(key, 'POST', '/v1/checkout/sessions', params, { idempotencyKey, signal }));
    },
    async getCheckoutSession(key, id, signal) {
      return session(
        await request(key, 'GET', `/v1/checkout/sessions/${encodeURIComponent(id)}`, {}, { signal }),
      );
    },
    async expireCheckoutSession(key, id, signal) {
      return session(
        await request(key, 'POST', `/v1/checkout/sessions/${encodeURIComponent(id)}/expire`, {}, { signal }),
      );
    },
    async listEvents(key, query, signal) {
      const parsed = eventListSchema.safeParse(await request(key, 'GET', '/v1/events', query, { signal }));
      if (!parsed.success)
        throw new AppError(
          'unavailable',
          'Stripe answered the events list in a shape this app does not understand.',
        );
      return parsed.data;
    },
    async verifyKey(key, signal) {
      const parsed = sessionListSchema.safeParse(
        await request(key, 'GET', '/v1/checkout/sessions', { limit: 1 }, { signal }),
      );
      if (!parsed.success)
        throw new AppError('unavailable', 'Stripe answered in a shape this app does not understand.');
    },
  };
}
