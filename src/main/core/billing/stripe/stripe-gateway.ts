import type Stripe from 'stripe';
import { z } from 'zod';
import { AppError } from '@shared/result';

/** The parts of a Checkout Session billing reads; whatever else Stripe sends is dropped at the boundary. */
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

export const eventPageSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      created: z.number().int(),
      data: z.object({ object: z.unknown() }),
    }),
  ),
  has_more: z.boolean(),
});
export type EventPage = z.infer<typeof eventPageSchema>;

export type CheckoutSessionParams = Stripe.Checkout.SessionCreateParams;
export type EventQuery = Stripe.EventListParams;

/**
 * What a restricted key needs for every call below: Checkout Sessions are created, read, listed and
 * expired (Write includes Read); events are listed to catch up on payments. Line items are inline
 * (price_data), so no Products or Prices are read, and no Customer is touched (customer_email only).
 */
export const STRIPE_KEY_PERMISSIONS = '"Checkout Sessions: Write" and "Events: Read"';

/** Billing's port to Stripe; every failure is an AppError whose message a person can act on. */
export interface StripeGateway {
  /** The idempotency key makes a repeated request (a retry, a restart) answer with the session already made. */
  createCheckoutSession(
    key: string,
    params: CheckoutSessionParams,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<CheckoutSession>;
  getCheckoutSession(key: string, id: string, signal?: AbortSignal): Promise<CheckoutSession>;
  expireCheckoutSession(key: string, id: string, signal?: AbortSignal): Promise<CheckoutSession>;
  listEvents(key: string, query: EventQuery, signal?: AbortSignal): Promise<EventPage>;
  /** Lists one session: proves the key is genuine and may read Checkout Sessions. */
  verifyKey(key: string, signal?: AbortSignal): Promise<void>;
}

export const isIdempotencyConflict = (error: unknown): boolean =>
  error instanceof AppError && error.details?.stripeType === 'idempotency_error';

/** True when Stripe answered and refused, so it certainly created nothing; false when we cannot know. */
export const isDefinitiveRefusal = (error: unknown): boolean => {
  if (!(error instanceof AppError)) return false;
  const status = error.details?.stripeStatus;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 409 && status !== 429;
};
