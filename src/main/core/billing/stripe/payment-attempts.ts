import type { Database } from '../../db/database';
import type { CheckoutSession } from './stripe-gateway';

export interface AttemptRow {
  id: number;
  invoice_id: string;
  attempt: number;
  idempotency_key: string;
  amount_cents: number;
  currency: string;
  expires_at: number;
  status: 'creating' | 'open' | 'complete' | 'expired';
  payment_status: string | null;
  stripe_session_id: string | null;
  url: string | null;
  is_live: number | null;
  created_at: string;
}

/** Deterministic per invoice and attempt, so repeating a request can never make a second session. */
export const idempotencyKeyFor = (invoiceId: string, attempt: number): string =>
  `hoster-${invoiceId}-checkout-${attempt}`;

const UNSETTLED = `status = 'open' OR (status = 'complete' AND COALESCE(payment_status, '') <> 'paid')`;

function attemptReads(db: Database) {
  const latest = db.prepare<[string], AttemptRow>(
    'SELECT * FROM payment_attempts WHERE invoice_id = ? ORDER BY attempt DESC LIMIT 1',
  );
  const bySession = db.prepare<[string], AttemptRow>(
    'SELECT * FROM payment_attempts WHERE stripe_session_id = ?',
  );
  const byInvoiceAttempt = db.prepare<[string, number], AttemptRow>(
    'SELECT * FROM payment_attempts WHERE invoice_id = ? AND attempt = ?',
  );
  return {
    latest: (invoiceId: string): AttemptRow | undefined => latest.get(invoiceId),
    bySession: (sessionId: string): AttemptRow | undefined => bySession.get(sessionId),
    byInvoiceAttempt: (invoiceId: string, attempt: number): AttemptRow | undefined =>
      byInvoiceAttempt.get(invoiceId, attempt),
    /** Sessions Stripe may still change: open, or complete and waiting for a delayed payment. */
    unsettled: (limit: number): AttemptRow[] =>
      db
        .prepare<[number], AttemptRow>(
          `SELECT * FROM payment_attempts WHERE ${UNSETTLED} ORDER BY updated_at LIMIT ?`,
        )
        .all(limit),
    unsettledOf: (invoiceId: string): AttemptRow[] =>
      db
        .prepare<[string], AttemptRow>(
          `SELECT * FROM payment_attempts WHERE invoice_id = ? AND (status = 'creating' OR ${UNSETTLED}) ORDER BY attempt`,
        )
        .all(invoiceId),
  };
}

function attemptWrites(db: Database, reads: ReturnType<typeof attemptReads>) {
  return {
    /** Written and committed before the request goes out: a crash after it leaves this row to retry with the same key. */
    insertCreating(row: {
      invoiceId: string;
      attempt: number;
      amountCents: number;
      currency: string;
      expiresAt: number;
      now: string;
    }): AttemptRow {
      db.prepare(
        `INSERT INTO payment_attempts (invoice_id, attempt, idempotency_key, amount_cents, currency, expires_at, status, created_at, updated_at)
         VALUES (@invoiceId, @attempt, @key, @amountCents, @currency, @expiresAt, 'creating', @now, @now)`,
      ).run({ ...row, key: idempotencyKeyFor(row.invoiceId, row.attempt) });
      const inserted = reads.byInvoiceAttempt(row.invoiceId, row.attempt);
      if (!inserted) throw new Error('payment attempt vanished after insert');
      return inserted;
    },
    remove: (id: number): void =>
      void db.prepare("DELETE FROM payment_attempts WHERE id = ? AND status = 'creating'").run(id),
    abandon: (id: number, now: string): void =>
      void db
        .prepare(
          "UPDATE payment_attempts SET status = 'expired', updated_at = ? WHERE id = ? AND status = 'creating'",
        )
        .run(now, id),
    /** Records what Stripe said about the session; returns whether anything changed. */
    store(id: number, session: CheckoutSession, now: string): boolean {
      return (
        db
          .prepare(
            `UPDATE payment_attempts SET stripe_session_id = @sessionId, url = COALESCE(@url, url), status = @status, payment_status = @paymentStatus,
               is_live = @isLive, updated_at = @now
             WHERE id = @id AND (stripe_session_id IS NOT @sessionId OR status <> @status OR payment_status IS NOT @paymentStatus)`,
          )
          .run({
            id,
            sessionId: session.id,
            url: session.url,
            status: session.status ?? 'open',
            paymentStatus: session.payment_status,
            isLive: session.livemode ? 1 : 0,
            now,
          }).changes > 0
      );
    },
  };
}

/** Where the events list was read up to (a `created` timestamp), kept across restarts. */
function eventCursor(db: Database) {
  return {
    cursor: (): number | null => {
      const row = db
        .prepare<[], { value: string }>(
          "SELECT value FROM billing_state WHERE key = 'stripe_events_created_gte'",
        )
        .get();
      return row ? Number(row.value) : null;
    },
    setCursor: (createdGte: number): void =>
      void db
        .prepare(
          "INSERT INTO billing_state (key, value) VALUES ('stripe_events_created_gte', @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run({ value: String(createdGte) }),
  };
}

export function createPaymentAttempts(db: Database) {
  const reads = attemptReads(db);
  return { ...reads, ...attemptWrites(db, reads), ...eventCursor(db) };
}

export type PaymentAttempts = ReturnType<typeof createPaymentAttempts>;
