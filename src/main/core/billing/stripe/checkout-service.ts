import { AppError } from '@shared/result';
import type { InvoiceRepository } from '../invoices/invoice-repository';
import type { AttemptRow, PaymentAttempts } from './payment-attempts';
import type { PaymentSync } from './payment-sync';
import {
  isDefinitiveRefusal,
  isIdempotencyConflict,
  type CheckoutSessionParams,
  type StripeGateway,
} from './stripe-gateway';
import type { StripeKeyStore } from './stripe-key';

/** Stripe wants expires_at between 30 minutes and 24 hours after creation. */
const SESSION_LIFETIME_SECONDS = 23 * 3600;
const MIN_REMAINING_SECONDS = 35 * 60;
/** A desktop app has no page to return to; the customer sees Stripe's own receipt. */
const RETURN_URL = 'https://hoster.invalid/paid';
const CANCEL_URL = 'https://hoster.invalid/cancelled';

/**
 * Creates Stripe Checkout links for open invoices without ever making two for one attempt: the
 * attempt (number, idempotency key, amount, expiry) is committed before the request, and every
 * parameter sent is derived from that row and the frozen invoice, so a retry after a crash or a lost
 * answer repeats the very same request and Stripe answers with the session it already made.
 */
export function createCheckoutService(deps: {
  attempts: PaymentAttempts;
  invoices: InvoiceRepository;
  gateway: StripeGateway;
  key: StripeKeyStore;
  sync: PaymentSync;
  now: () => Date;
}) {
  const paramsFor = (attempt: AttemptRow): CheckoutSessionParams => {
    const invoice = deps.invoices.row(attempt.invoice_id);
    return {
      mode: 'payment',
      line_items: [
        {
          price_data: {
            currency: attempt.currency.toLowerCase(),
            unit_amount: attempt.amount_cents,
            product_data: { name: `Invoice ${invoice.number ?? invoice.id}` },
          },
          quantity: 1,
        },
      ],
      customer_email: invoice.customer_email ?? undefined,
      client_reference_id: invoice.id,
      metadata: {
        invoice_id: invoice.id,
        invoice_number: invoice.number ?? '',
        attempt: String(attempt.attempt),
      },
      success_url: `${RETURN_URL}?invoice=${encodeURIComponent(invoice.number ?? invoice.id)}`,
      cancel_url: CANCEL_URL,
      expires_at: attempt.expires_at,
    };
  };

  const nowSeconds = () => Math.floor(deps.now().getTime() / 1000);
  const isReusable = (attempt: AttemptRow) => attempt.expires_at - nowSeconds() >= MIN_REMAINING_SECONDS;

  const send = async (key: string, attempt: AttemptRow) => {
    const session = await deps.gateway.createCheckoutSession(
      key,
      paramsFor(attempt),
      attempt.idempotency_key,
    );
    deps.sync.noteSessionCreated(session);
    deps.sync.apply(session, undefined, attempt);
    return session;
  };

  return {
    async createLink(invoiceId: string): Promise<void> {
      const key = await deps.key.require();
      const invoice = deps.invoices.row(invoiceId);
      if (invoice.status !== 'open') {
        throw new AppError(
          'conflict',
          invoice.status === 'draft'
            ? 'Open the invoice before asking for payment.'
            : `This invoice is ${invoice.status}; it takes no payment.`,
        );
      }
      let latest = deps.attempts.latest(invoiceId);
      if (latest?.status === 'open' && latest.stripe_session_id) {
        deps.sync.apply(
          await deps.gateway.getCheckoutSession(key, latest.stripe_session_id),
          undefined,
          latest,
        );
        latest = deps.attempts.latest(invoiceId);
        if (latest?.status !== 'expired') return;
      }
      if (latest?.status === 'complete') return;

      const fresh = latest?.status === 'creating' && isReusable(latest);
      if (latest?.status === 'creating' && !fresh) deps.attempts.abandon(latest.id, deps.now().toISOString());
      const attempt =
        fresh && latest
          ? latest
          : deps.attempts.insertCreating({
              invoiceId,
              attempt: (latest?.attempt ?? 0) + 1,
              amountCents: invoice.total_cents,
              currency: invoice.currency,
              expiresAt: nowSeconds() + SESSION_LIFETIME_SECONDS,
              now: deps.now().toISOString(),
            });
      try {
        await send(key, attempt);
      } catch (error) {
        // Stripe refused outright, so it made nothing: forget the attempt we just wrote. Otherwise
        // (no answer) keep it, so the retry sends the same key and parameters. A key Stripe already
        // knows with other parameters (a database restored from a backup) is skipped for the next one.
        if (!fresh && isIdempotencyConflict(error))
          deps.attempts.abandon(attempt.id, deps.now().toISOString());
        else if (!fresh && isDefinitiveRefusal(error)) deps.attempts.remove(attempt.id);
        throw error;
      }
    },
    /** Before voiding: learn the fate of every attempt and expire whatever is still payable. */
    async settle(invoiceId: string): Promise<void> {
      const rows = deps.attempts.unsettledOf(invoiceId);
      if (rows.length === 0) return;
      const key = await deps.key.require();
      for (const row of rows) {
        if (row.status === 'creating' && !isReusable(row)) {
          deps.attempts.abandon(row.id, deps.now().toISOString());
          continue;
        }
        const session =
          row.status === 'creating'
            ? await send(key, row)
            : await deps.gateway.getCheckoutSession(key, row.stripe_session_id ?? '');
        deps.sync.apply(session, undefined, row);
        if (session.status === 'open')
          deps.sync.apply(await deps.gateway.expireCheckoutSession(key, session.id), undefined, row);
      }
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
