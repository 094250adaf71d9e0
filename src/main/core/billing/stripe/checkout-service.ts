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

type InvoiceRow = ReturnType<InvoiceRepository['row']>;

/** Every parameter comes from the attempt row and the frozen invoice, so a retry sends the very same request. */
export function sessionParams(attempt: AttemptRow, invoice: InvoiceRow): CheckoutSessionParams {
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
}

function refuseUnlessOpen(invoice: InvoiceRow): void {
  if (invoice.status === 'open') return;
  throw new AppError(
    'conflict',
    invoice.status === 'draft'
      ? 'Open the invoice before asking for payment.'
      : `This invoice is ${invoice.status}; it takes no payment.`,
  );
}

interface CheckoutDeps {
  attempts: PaymentAttempts;
  invoices: InvoiceRepository;
  gateway: StripeGateway;
  key: StripeKeyStore;
  sync: PaymentSync;
  now: () => Date;
}

/** The steps of making a link, each short: ask about the open one, pick the attempt, send it. */
function checkoutSteps(deps: CheckoutDeps) {
  const nowSeconds = () => Math.floor(deps.now().getTime() / 1000);
  const isReusable = (attempt: AttemptRow) => attempt.expires_at - nowSeconds() >= MIN_REMAINING_SECONDS;
  const abandon = (attempt: AttemptRow) => deps.attempts.abandon(attempt.id, deps.now().toISOString());
  return {
    isReusable,
    abandon,
    async send(key: string, attempt: AttemptRow) {
      const params = sessionParams(attempt, deps.invoices.row(attempt.invoice_id));
      const session = await deps.gateway.createCheckoutSession(key, params, attempt.idempotency_key);
      deps.sync.noteSessionCreated(session);
      deps.sync.apply(session, undefined, attempt);
      return session;
    },
    /** The latest attempt after asking Stripe about it if it is open; undefined when none is needed. */
    async latestToReplace(key: string, invoiceId: string): Promise<AttemptRow | null | undefined> {
      let latest = deps.attempts.latest(invoiceId);
      if (latest?.status === 'open' && latest.stripe_session_id) {
        const session = await deps.gateway.getCheckoutSession(key, latest.stripe_session_id);
        deps.sync.apply(session, undefined, latest);
        latest = deps.attempts.latest(invoiceId);
        if (latest?.status !== 'expired') return undefined;
      }
      return latest?.status === 'complete' ? undefined : (latest ?? null);
    },
    /** A pending attempt still far from its expiry is sent again as it is; otherwise the next one is written. */
    nextAttempt(invoice: InvoiceRow, latest: AttemptRow | null): { attempt: AttemptRow; isRetry: boolean } {
      if (latest?.status === 'creating' && isReusable(latest)) return { attempt: latest, isRetry: true };
      if (latest?.status === 'creating') abandon(latest);
      const attempt = deps.attempts.insertCreating({
        invoiceId: invoice.id,
        attempt: (latest?.attempt ?? 0) + 1,
        amountCents: invoice.total_cents,
        currency: invoice.currency,
        expiresAt: nowSeconds() + SESSION_LIFETIME_SECONDS,
        now: deps.now().toISOString(),
      });
      return { attempt, isRetry: false };
    },
  };
}

/**
 * Creates Stripe Checkout links for open invoices without ever making two for one attempt: the
 * attempt (number, idempotency key, amount, expiry) is committed before the request, and every
 * parameter sent is derived from that row and the frozen invoice, so a retry after a crash or a lost
 * answer repeats the very same request and Stripe answers with the session it already made.
 */
export function createCheckoutService(deps: CheckoutDeps) {
  const steps = checkoutSteps(deps);

  const settleOne = async (key: string, row: AttemptRow) => {
    if (row.status === 'creating' && !steps.isReusable(row)) return steps.abandon(row);
    const session =
      row.status === 'creating'
        ? await steps.send(key, row)
        : await deps.gateway.getCheckoutSession(key, row.stripe_session_id ?? '');
    deps.sync.apply(session, undefined, row);
    if (session.status === 'open')
      deps.sync.apply(await deps.gateway.expireCheckoutSession(key, session.id), undefined, row);
  };

  return {
    async createLink(invoiceId: string): Promise<void> {
      const key = await deps.key.require();
      const invoice = deps.invoices.row(invoiceId);
      refuseUnlessOpen(invoice);
      const latest = await steps.latestToReplace(key, invoiceId);
      if (latest === undefined) return;
      const { attempt, isRetry } = steps.nextAttempt(invoice, latest);
      try {
        await steps.send(key, attempt);
      } catch (error) {
        // Stripe refused outright, so it made nothing: forget the attempt we just wrote. Otherwise
        // (no answer) keep it, so the retry sends the same key and parameters. A key Stripe already
        // knows with other parameters (a database restored from a backup) is skipped for the next one.
        if (!isRetry && isIdempotencyConflict(error)) steps.abandon(attempt);
        else if (!isRetry && isDefinitiveRefusal(error)) deps.attempts.remove(attempt.id);
        throw error;
      }
    },
    /** Before voiding: learn the fate of every attempt and expire whatever is still payable. */
    async settle(invoiceId: string): Promise<void> {
      const rows = deps.attempts.unsettledOf(invoiceId);
      if (rows.length === 0) return;
      const key = await deps.key.require();
      for (const row of rows) await settleOne(key, row);
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
