import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE_NAME, type CorePorts } from '../../src/main/core/create-core';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import type { Invoice } from '../../src/shared/contract/billing';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe-server';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';

export const testKey = (prefix: 'rk_test' | 'rk_live' | 'sk_test' | 'sk_live') =>
  `${prefix}_${randomBytes(16).toString('hex')}`;

export interface BillingWorld {
  fake: FakeStripe;
  /** A restricted key with what the app asks for: "Checkout Sessions: Write" and "Events: Read". */
  restrictedKey: string;
  /** May read Checkout Sessions but not create them. */
  readOnlyKey: string;
  /** May create sessions but not read events. */
  noEventsKey: string;
  dataDir: string;
  secrets: ReturnType<typeof createKeyringSecretStore>;
  /** A core on the world's data folder and keychain service: call again after close to "restart the app". */
  openCore(overrides?: Partial<CorePorts>): TestCore;
  /** A customer with one open invoice of `cents` (tax-free). */
  openInvoice(test: TestCore, cents?: number): Promise<Invoice>;
  /** Every billing table's rows, to prove a failure changed nothing. */
  billingRows(): string;
  /** Changes the database behind the app's back, as restoring an old backup would. */
  exec(sql: string): void;
  dispose(): Promise<void>;
}

const BILLING_TABLES = [
  'customers',
  'invoices',
  'invoice_items',
  'invoice_numbers',
  'payment_attempts',
  'billing_state',
  'billing_transitions',
  'usage_intervals',
];

/** Opens the world's database behind the app's back, as a person restoring a backup would. */
function withDatabase<T>(dataDir: string, use: (db: BetterSqlite3.Database) => T, readonly = false): T {
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const billingRows = (dataDir: string): string =>
  withDatabase(
    dataDir,
    (db) =>
      JSON.stringify(
        BILLING_TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]),
      ),
    true,
  );

export async function createBillingWorld(): Promise<BillingWorld> {
  const restrictedKey = testKey('rk_test');
  const readOnlyKey = testKey('rk_test');
  const noEventsKey = testKey('rk_test');
  const fake = await startFakeStripe({
    keys: [
      { key: restrictedKey, permissions: ['checkout_session_write', 'event_read'] },
      { key: readOnlyKey, permissions: ['checkout_session_read'] },
      { key: noEventsKey, permissions: ['checkout_session_write'] },
    ],
  });
  const dir = makeTempDir('hoster-billing-');
  const secrets = createKeyringSecretStore(`hoster-it-billing-${randomUUID()}`);
  const cores: TestCore[] = [];
  return {
    fake,
    restrictedKey,
    readOnlyKey,
    noEventsKey,
    dataDir: dir.path,
    secrets,
    openCore(overrides = {}) {
      const core = createTestCore({ dataDir: dir.path, secrets, stripeApiBase: fake.url, ...overrides });
      cores.push(core);
      return core;
    },
    async openInvoice(test, cents = 12_345) {
      const customer = await test.call('customers:create', {
        name: `Client ${randomUUID().slice(0, 6)}`,
        email: 'pay@client.test',
        currency: 'eur',
      });
      const draft = await test.call('invoices:create', { customerId: customer.id });
      await test.call('invoices:add-item', {
        invoiceId: draft.id,
        kind: 'manual',
        description: 'Hosting',
        unitAmountCents: cents,
      });
      return test.call('invoices:open', { id: draft.id });
    },
    billingRows: () => billingRows(dir.path),
    exec(sql) {
      withDatabase(dir.path, (db) => void db.exec(sql));
    },
    async dispose() {
      for (const core of cores) await core.close().catch(() => undefined);
      await secrets.delete('stripe:secret-key').catch(() => undefined);
      await fake.stop();
      dir.remove();
    },
  };
}
