import Stripe from 'stripe';
import { AppError } from '@shared/result';
import { STRIPE_KEY_PERMISSIONS } from './stripe-gateway';

const keyLike = /\b(sk|rk|pk)_(live|test)_[0-9A-Za-z*]+/g;

/** Stripe's own messages quote keys (partly masked); ours never repeat any part of one. */
export const redact = (text: string, key: string): string =>
  text.split(key).join('[key]').replace(keyLike, '[key]');

/** Stripe answered with an error status: the status says what the person can do about it. */
function refusal(status: number, said: string, details: Record<string, unknown>): AppError {
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
      {
        details,
      },
    );
  if (status >= 500)
    return new AppError('unavailable', `Stripe had a problem of its own (${status}). Try again shortly.`, {
      details,
    });
  return new AppError('invalid_input', `Stripe refused the request (${status}): ${said}`, { details });
}

/** No answer, or half of one, after the SDK's own retries. */
function connectionFailure(error: Stripe.errors.StripeConnectionError, key: string, timeoutMs: number) {
  const detail: unknown = error.detail;
  const code = detail instanceof Error ? (detail as Error & { code?: unknown }).code : undefined;
  if (code === 'ETIMEDOUT')
    return new AppError(
      'timeout',
      `Stripe did not answer within ${timeoutMs / 1000} s, also when asked again. Nothing was changed; try again.`,
    );
  // The SDK knows a request id only when the headers of an answer arrived before the failure.
  if (error.requestId)
    return new AppError(
      'unavailable',
      'The answer from Stripe was cut off. Check the connection and try again.',
    );
  const reason =
    detail instanceof Error ? (detail.cause instanceof Error ? detail.cause : detail).message : error.message;
  return new AppError(
    'unavailable',
    `Stripe could not be reached (${redact(reason, key)}). Check the connection and try again.`,
  );
}

/** Turns whatever a Stripe SDK call threw into an AppError in words, with no part of the key in it. */
export function stripeFailure(
  error: unknown,
  context: { key: string; timeoutMs: number; signal?: AbortSignal | undefined },
): AppError {
  if (context.signal?.aborted) return new AppError('cancelled', 'The request to Stripe was cancelled.');
  if (error instanceof AppError) return error;
  if (error instanceof Stripe.errors.StripeConnectionError)
    return connectionFailure(error, context.key, context.timeoutMs);
  if (error instanceof Stripe.errors.StripeError && typeof error.statusCode === 'number') {
    const said = error.message ? redact(error.message, context.key) : 'no details';
    return refusal(error.statusCode, said, {
      stripeStatus: error.statusCode,
      stripeType: error.rawType ?? null,
    });
  }
  // An answer that was not JSON, or not an answer at all.
  return new AppError('unavailable', 'Stripe answered in a shape this app does not understand.');
}
