import { AppError } from '@shared/result';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import type { InvoiceRepository } from '../invoices/invoice-repository';
import type { AttemptRow, PaymentAttempts } from './payment-attempts';
import { checkoutSessionSchema, type CheckoutSession, type StripeGateway } from './stripe-gateway';
import type { StripeKeyStore } from './stripe-key';

const EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.expired',
  'checkout.session.async_payment_succeeded',
];
const MAX_EVENT_PAGES = 20;
const MAX_POLLED_SESSIONS = 100;
/** Re-read a minute before the cursor: events of the same second may arrive in any order. */
const CURSOR_OVERLAP_SECONDS = 60;

interface SyncDeps {
  db: Database;
  attempts: PaymentAttempts;
  invoices: InvoiceRepository;
  gateway: StripeGateway;
  key: StripeKeyStore;
  logger: Logger;
  now: () => Date;
  onChanged: (invoiceId: string) => void;
}

/** Records what Stripe says about a session; marks the invoice paid only for the amount and currency asked. */
function createSessionApplier(deps: SyncDeps) {
  /** A session we created but whose answer was lost names its invoice and attempt in its metadata. */
  const attemptFor = (session: CheckoutSession): AttemptRow | undefined => {
    const known = deps.attempts.bySession(session.id);
    if (known) return known;
    const invoiceId = session.metadata?.invoice_id;
    const attempt = Number(session.metadata?.attempt);
    if (!invoiceId || !Number.isInteger(attempt)) return undefined;
    const row = deps.attempts.byInvoiceAttempt(invoiceId, attempt);
    return row?.status === 'creating' ? row : undefined;
  };

  const markPaid = (attempt: AttemptRow, session: CheckoutSession, paidAt: string): boolean => {
    const where = { invoiceId: attempt.invoice_id, sessionId: session.id };
    if (
      session.amount_total !== attempt.amount_cents ||
      session.currency?.toUpperCase() !== attempt.currency.toUpperCase()
    ) {
      deps.logger.error('a paid Stripe session does not match its invoice; not marked paid', where);
      return false;
    }
    if (deps.invoices.markPaid(attempt.invoice_id, paidAt)) return true;
    if (deps.invoices.row(attempt.invoice_id).status === 'void')
      deps.logger.warn('a voided invoice was paid at Stripe; refund it there if needed', where);
    return false;
  };

  const applyInTransaction = deps.db.transaction(
    (attempt: AttemptRow, session: CheckoutSession, paidAt: string): boolean => {
      const stored = deps.attempts.store(attempt.id, session, deps.now().toISOString());
      const isPaid = session.status === 'complete' && session.payment_status === 'paid';
      return (isPaid && markPaid(attempt, session, paidAt)) || stored;
    },
  );

  return (session: CheckoutSession, paidAtMs?: number, known?: AttemptRow): boolean => {
    const attempt = known ?? attemptFor(session);
    if (!attempt) return false;
    const paidAt = new Date(paidAtMs ?? deps.now().getTime()).toISOString();
    const changed = applyInTransaction(attempt, session, paidAt);
    if (changed) deps.onChanged(attempt.invoice_id);
    return changed;
  };
}

type ApplySession = ReturnType<typeof createSessionApplier>;

/** Reads the events list from the persisted cursor (or the oldest pending attempt) and applies each session. */
async function catchUpEvents(deps: SyncDeps, apply: ApplySession, key: string, signal?: AbortSignal) {
  const pending = deps.attempts.unsettled(1);
  const cursor = deps.attempts.cursor();
  const from =
    cursor ??
    (pending[0] ? Math.floor(Date.parse(pending[0].created_at) / 1000) - CURSOR_OVERLAP_SECONDS : null);
  if (from === null) return;
  let newest = from;
  let startingAfter: string | undefined;
  for (let page = 0; page < MAX_EVENT_PAGES; page += 1) {
    const list = await deps.gateway.listEvents(
      key,
      { types: EVENT_TYPES, created: { gte: from }, limit: 100, starting_after: startingAfter },
      signal,
    );
    for (const event of list.data) {
      newest = Math.max(newest, event.created);
      const session = checkoutSessionSchema.safeParse(event.data.object);
      if (session.success) apply(session.data, event.created * 1000);
    }
    const last = list.data.at(-1);
    if (!list.has_more || !last) {
      deps.attempts.setCursor(Math.max(from, newest - CURSOR_OVERLAP_SECONDS));
      return;
    }
    startingAfter = last.id;
  }
}

/** Asks Stripe for each session; one Stripe no longer knows is logged and skipped. */
async function pollSessions(
  deps: SyncDeps,
  apply: ApplySession,
  key: string,
  rows: readonly AttemptRow[],
  signal?: AbortSignal,
) {
  const isLive = (await deps.key.status()).mode === 'live';
  for (const row of rows) {
    if (signal?.aborted) return;
    // A session belongs to the mode of the key that made it; another mode's key cannot see it.
    if (!row.stripe_session_id || (row.is_live === 1) !== isLive) continue;
    try {
      apply(await deps.gateway.getCheckoutSession(key, row.stripe_session_id, signal), undefined, row);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
      deps.logger.warn('Stripe does not know a stored Checkout Session', {
        invoiceId: row.invoice_id,
        attempt: row.attempt,
      });
    }
  }
}

/**
 * Learns from Stripe, and only from Stripe, whether invoices were paid: by asking for each open
 * session, and by reading the events list from a persisted cursor to catch up after the app was
 * closed or offline. An invoice becomes paid only when its session is complete and paid, for the
 * amount and currency that were asked.
 */
export function createPaymentSync(deps: SyncDeps) {
  const apply = createSessionApplier(deps);
  return {
    apply,
    /** Asks Stripe now about one invoice's open sessions. */
    async checkInvoice(invoiceId: string): Promise<void> {
      const rows = deps.attempts.unsettledOf(invoiceId).filter((row) => row.status !== 'creating');
      if (rows.length === 0) return;
      await pollSessions(deps, apply, await deps.key.require(), rows);
    },
    /** The worker: events first (one request covers many sessions), then every session still open. */
    async sync(signal?: AbortSignal): Promise<void> {
      if (deps.attempts.unsettled(1).length === 0) return;
      const status = await deps.key.status();
      if (!status.isConfigured) return;
      const key = await deps.key.require();
      try {
        await catchUpEvents(deps, apply, key, signal);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'forbidden') throw error;
        deps.logger.warn('the Stripe key may not read events; checking each session instead', {
          error: error.message,
        });
      }
      await pollSessions(deps, apply, key, deps.attempts.unsettled(MAX_POLLED_SESSIONS), signal);
    },
    noteSessionCreated(session: CheckoutSession): void {
      if (deps.attempts.cursor() === null) deps.attempts.setCursor(session.created - CURSOR_OVERLAP_SECONDS);
    },
  };
}

export type PaymentSync = ReturnType<typeof createPaymentSync>;
