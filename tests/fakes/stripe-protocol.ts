/**
 * How the fake Stripe reads a request around its endpoints, as Stripe's API reference describes it:
 * the Stripe-Version header, form-encoded POST bodies, the secret key and a restricted key's
 * permissions, and idempotency keys that replay the first answer for 24 hours.
 */
import type { IncomingMessage } from 'node:http';
import type { FormObject } from './stripe-form';
import { masked, StripeApiError } from './stripe-objects';

/**
 * The API versions whose Checkout Session and Event fields the fake's objects were checked against.
 * A request naming another is refused as Stripe refuses a version it does not know, so a new pin in
 * the app fails here until someone has compared the shapes again.
 */
export const FAKE_STRIPE_API_VERSIONS: readonly string[] = ['2026-10-28.endive'];
const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;

export type StripePermission = 'checkout_session_read' | 'checkout_session_write' | 'event_read';

/** A restricted key (rk_…) and what it may do: the app refuses full secret keys, so the fake knows none. */
export interface FakeStripeKey {
  key: string;
  permissions: readonly StripePermission[];
}

/** API key auth (401) and a restricted key's permissions (403), as Stripe words them. */
export function createAuthenticator(list: readonly FakeStripeKey[]) {
  const keys = new Map(list.map((entry) => [entry.key, entry]));
  return (request: IncomingMessage, permission: StripePermission): FakeStripeKey => {
    const authorization = request.headers.authorization ?? '';
    const key = authorization.startsWith('Bearer ')
      ? authorization.slice(7)
      : authorization.startsWith('Basic ')
        ? (Buffer.from(authorization.slice(6), 'base64').toString().split(':')[0] ?? '')
        : '';
    if (!key) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        'You did not provide an API key. Provide it in the Authorization header, using Bearer auth.',
      );
    }
    const entry = keys.get(key);
    if (!entry)
      throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${masked(key)}`);
    const implied =
      permission === 'checkout_session_read'
        ? ['checkout_session_read', 'checkout_session_write']
        : [permission];
    if (!entry.permissions.some((p) => implied.includes(p))) {
      throw new StripeApiError(
        403,
        'invalid_request_error',
        `The provided key '${masked(entry.key)}' does not have the required permissions for this endpoint on account 'acct_fake'. ` +
          `Having the 'rak_${permission}' permission would allow this request to continue.`,
      );
    }
    return entry;
  };
}

/** What the fake remembers of every request's headers, for tests to assert on. */
export interface RequestHeaders {
  idempotencyKey: string | null;
  stripeVersion: string | null;
  userAgent: string | null;
  clientUserAgent: string | null;
}

const header = (request: IncomingMessage, name: string): string | null => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
};

export function readHeaders(request: IncomingMessage): RequestHeaders {
  return {
    idempotencyKey: header(request, 'idempotency-key'),
    stripeVersion: header(request, 'stripe-version'),
    userAgent: header(request, 'user-agent'),
    clientUserAgent: header(request, 'x-stripe-client-user-agent'),
  };
}

/** Refuses what Stripe refuses before it looks at the endpoint. Without Stripe-Version the account's default applies. */
export function checkHeaders(request: IncomingMessage, headers: RequestHeaders): void {
  if (headers.stripeVersion !== null && !FAKE_STRIPE_API_VERSIONS.includes(headers.stripeVersion))
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Invalid Stripe API version: ${headers.stripeVersion}`,
    );
  const contentType = header(request, 'content-type') ?? '';
  if (request.method === 'POST' && !contentType.startsWith('application/x-www-form-urlencoded'))
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Invalid request: unsupported Content-Type ${contentType || '(none)'}. If error persists and you need assistance, please contact support@stripe.com.`,
    );
  if (headers.idempotencyKey !== null && headers.idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH)
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Keys for idempotent requests can be no longer than ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`,
    );
}

export interface Answer {
  status: number;
  body: unknown;
  isReplay: boolean;
}

/**
 * Stripe's idempotency: a POST with a key Stripe saw in the last 24 hours gets the first answer again,
 * and a key reused with other parameters is refused. Only requests that ran are remembered: one
 * refused before it ran (a bad key, bad parameters) saves nothing, so it can be corrected and sent again.
 */
export function createIdempotencyStore(now: () => number) {
  const saved = new Map<string, { fingerprint: string; at: number; answer: Answer }>();
  return {
    answer(
      scope: { account: string; key: string | null; method: string; path: string; params: FormObject },
      run: () => unknown,
    ): Answer {
      const slot = scope.key !== null && scope.method === 'POST' ? `${scope.account} ${scope.key}` : null;
      const fingerprint = JSON.stringify([scope.method, scope.path, scope.params]);
      const stored = slot ? saved.get(slot) : undefined;
      const fresh = stored && now() - stored.at < IDEMPOTENCY_WINDOW_SECONDS ? stored : undefined;
      if (fresh && fresh.fingerprint !== fingerprint)
        throw new StripeApiError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. ` +
            `Try using a key other than '${scope.key ?? ''}' if you meant to execute a different request.`,
        );
      if (fresh) return { ...fresh.answer, isReplay: true };
      const answer = { status: 200, body: structuredClone(run()), isReplay: false };
      if (slot) saved.set(slot, { fingerprint, at: now(), answer });
      return answer;
    },
  };
}
