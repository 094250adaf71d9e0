import type { Migration } from './index';

const customerTables = `
      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        currency TEXT NOT NULL DEFAULT 'USD',
        tax_rate_bp INTEGER CHECK (tax_rate_bp IS NULL OR tax_rate_bp BETWEEN 0 AND 10000),
        notes TEXT NOT NULL DEFAULT '',
        is_personal INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO customers (id, name, email, currency, is_personal, created_at, updated_at)
        VALUES ('cus_personal', 'Personal', NULL, 'USD', 1, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'));
`;

const usageTables = `
      CREATE TABLE billing_transitions (
        id INTEGER PRIMARY KEY,
        event_key TEXT NOT NULL UNIQUE,
        deployment_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        price_monthly_cents INTEGER NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        cause TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE INDEX billing_transitions_deployment ON billing_transitions (deployment_id, at_ms, id);

      CREATE TABLE billing_deployments (
        deployment_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        template_name TEXT NOT NULL,
        node_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        price_monthly_cents INTEGER NOT NULL,
        status TEXT NOT NULL,
        last_at_ms INTEGER NOT NULL
      );
      CREATE INDEX billing_deployments_customer ON billing_deployments (customer_id, status);

      CREATE TABLE usage_intervals (
        id INTEGER PRIMARY KEY,
        deployment_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        price_monthly_cents INTEGER NOT NULL,
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER,
        end_status TEXT,
        end_cause TEXT,
        CHECK (ended_ms IS NULL OR ended_ms > started_ms)
      );
      CREATE INDEX usage_intervals_deployment ON usage_intervals (deployment_id);
      CREATE INDEX usage_intervals_time ON usage_intervals (started_ms, ended_ms);
`;

const invoiceTables = `
      CREATE TABLE invoices (
        id TEXT PRIMARY KEY,
        number TEXT UNIQUE,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        source TEXT NOT NULL CHECK (source IN ('usage','manual')),
        period TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft','open','paid','void')),
        customer_name TEXT NOT NULL,
        customer_email TEXT,
        currency TEXT NOT NULL,
        tax_rate_bp INTEGER,
        subtotal_cents INTEGER NOT NULL DEFAULT 0,
        tax_cents INTEGER NOT NULL DEFAULT 0,
        total_cents INTEGER NOT NULL DEFAULT 0,
        issuer_name TEXT,
        issuer_details TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        opened_at TEXT,
        paid_at TEXT,
        voided_at TEXT,
        CHECK ((status = 'draft') = (number IS NULL) OR status = 'void')
      );
      -- The generator's idempotency: one usage invoice per customer and month, however often it runs.
      CREATE UNIQUE INDEX invoices_usage_period ON invoices (customer_id, period) WHERE source = 'usage';
      CREATE INDEX invoices_status ON invoices (status, created_at);

      CREATE TABLE invoice_items (
        id INTEGER PRIMARY KEY,
        invoice_id TEXT NOT NULL REFERENCES invoices(id),
        kind TEXT NOT NULL CHECK (kind IN ('usage','manual','discount')),
        description TEXT NOT NULL,
        deployment_id TEXT,
        quantity REAL NOT NULL,
        unit_amount_cents INTEGER NOT NULL,
        running_ms INTEGER,
        amount_cents INTEGER NOT NULL
      );
      CREATE INDEX invoice_items_invoice ON invoice_items (invoice_id, id);

      CREATE TABLE invoice_numbers (
        year INTEGER PRIMARY KEY,
        last_number INTEGER NOT NULL
      );
`;

const paymentTables = `
      CREATE TABLE payment_attempts (
        id INTEGER PRIMARY KEY,
        invoice_id TEXT NOT NULL REFERENCES invoices(id),
        attempt INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        amount_cents INTEGER NOT NULL,
        currency TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('creating','open','complete','expired')),
        payment_status TEXT,
        stripe_session_id TEXT UNIQUE,
        url TEXT,
        is_live INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (invoice_id, attempt)
      );
      CREATE INDEX payment_attempts_status ON payment_attempts (status);
`;

const snapshotAndStateTables = `
      CREATE TABLE node_cost_snapshots (
        period TEXT NOT NULL,
        node_id TEXT NOT NULL,
        name TEXT NOT NULL,
        monthly_cost_cents INTEGER NOT NULL,
        PRIMARY KEY (period, node_id)
      );

      CREATE TABLE billing_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `;

/**
 * Billing: customers, metered usage (every deployment transition kept once, intervals derived from
 * them), invoices with their items and gap-free numbers, and Stripe payment attempts.
 * Times used in arithmetic are integer milliseconds (UTC); times only shown are ISO strings.
 * No Stripe key is ever stored here: it lives in the OS keychain.
 */
export const billing: Migration = {
  version: 5,
  name: 'billing',
  up: (db) => {
    // The parts join into the very text databases already ran, whitespace included.
    db.exec(customerTables + usageTables + invoiceTables + paymentTables + snapshotAndStateTables);
  },
};
