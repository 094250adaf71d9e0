/**
 * The Stripe key stays in the keychain, and a Stripe failure is told in words and changes nothing.
 * Real SQLite, the real keychain (tests/rig/with-keyring.sh) and the local fake Stripe over HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/create-core';
import { manualClock } from '../helpers/deployment-transitions';
import { findLeaks } from '../helpers/find-leaks';
import { createBillingWorld, testKey, type BillingWorld } from './billing-support';

let world: BillingWorld;
beforeEach(async () => {
  world = await createBillingWorld();
});
afterEach(async () => world.dispose());

describe('billing: the Stripe key in the keychain', () => {
  it('keeps the key in the keychain only and shows just its last 4 characters and mode', async () => {
    const test = world.openCore();
    expect(await test.call('stripe:status', {})).toEqual({
      isConfigured: false,
      last4: null,
      mode: null,
      isRestricted: null,
    });
    const status = await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    expect(status).toEqual({
      isConfigured: true,
      last4: world.restrictedKey.slice(-4),
      mode: 'test',
      isRestricted: true,
    });
    expect(await world.secrets.get('stripe:secret-key')).toBe(world.restrictedKey);
    const invoice = await world.openInvoice(test);
    await test.call('invoices:create-payment-link', { id: invoice.id });
    await test.call('invoices:check-payment', { id: invoice.id });
    await test.call('settings:get', {});
    await test.call('system:info', {});
    await test.call('invoices:list', {});
    expect(world.fake.requests.every((r) => r.status === 200)).toBe(true);
    await test.core.close();
    // Every page of the database file and its WAL, raw.
    const raw = ['', '-wal', '-shm'].map((suffix) => {
      try {
        return readFileSync(join(world.dataDir, DATABASE_FILE_NAME + suffix)).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(raw.some((bytes) => bytes.includes(world.restrictedKey.slice(8)))).toBe(false);
    expect(findLeaks(test, [world.restrictedKey])).toEqual([]);

    const reopened = world.openCore();
    expect((await reopened.call('stripe:status', {})).last4).toBe(world.restrictedKey.slice(-4));
    expect(await reopened.call('stripe:remove-key', {})).toMatchObject({ isConfigured: false });
    expect(await world.secrets.get('stripe:secret-key')).toBeNull();
  });
});

describe('billing: keys the app or Stripe refuses', () => {
  it('refuses a full secret key before asking Stripe, and keeps the key it had', async () => {
    const test = world.openCore();
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const asked = world.fake.requests.length;
    for (const full of [testKey('sk_live'), testKey('sk_test')]) {
      const refused = await test.fail('stripe:set-key', { secretKey: full });
      expect([refused.code, refused.field]).toEqual(['invalid_input', 'secretKey']);
      expect(refused.message).toMatch(
        /full secret key.*restricted key \(rk_live_… or rk_test_…\) with only "Checkout Sessions: Write" and "Events: Read"/,
      );
      expect(findLeaks(test, [full])).toEqual([]);
    }
    expect(world.fake.requests).toHaveLength(asked);
    expect(await world.secrets.get('stripe:secret-key')).toBe(world.restrictedKey);
    expect((await test.call('stripe:status', {})).last4).toBe(world.restrictedKey.slice(-4));
  });

  it('refuses a key Stripe does not accept, or one without the permissions, and keeps the one it had', async () => {
    const test = world.openCore();
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const unknown = testKey('rk_live');
    const refused = await test.fail('stripe:set-key', { secretKey: unknown });
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toMatch(/^Stripe did not accept the secret key \(401\)/);
    expect(refused.message).not.toContain(unknown.slice(-4));
    const malformed = await test.fail('stripe:set-key', { secretKey: 'pk_test_notasecretkey' });
    expect(malformed.code).toBe('invalid_input');
    expect(malformed.message).not.toContain('notasecretkey');
    expect(await world.secrets.get('stripe:secret-key')).toBe(world.restrictedKey);
    expect(findLeaks(test, [unknown, world.restrictedKey])).toEqual([]);
  });
});

describe('billing: Stripe failures', () => {
  it('tells 401, 403, 400 and an unreachable Stripe apart in words, and none of them changes a row', async () => {
    const test = world.openCore();
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const invoice = await world.openInvoice(test);
    const tiny = await world.openInvoice(test, 10);
    const before = world.billingRows();

    // A key revoked at Stripe after it was saved.
    await world.secrets.set('stripe:secret-key', testKey('rk_test'));
    const revoked = await test.fail('invoices:create-payment-link', { id: invoice.id });
    expect([revoked.code, revoked.message]).toEqual([
      'unauthorized',
      expect.stringMatching(/did not accept the secret key \(401\)/),
    ]);
    expect(world.billingRows()).toBe(before);

    await world.secrets.set('stripe:secret-key', world.readOnlyKey);
    const forbidden = await test.fail('invoices:create-payment-link', { id: invoice.id });
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.message).toMatch(
      /lacks a permission this needs \(403\).*rak_checkout_session_write.*Checkout Sessions: Write/,
    );
    expect(forbidden.message).not.toContain(world.readOnlyKey.slice(-4));
    expect(world.billingRows()).toBe(before);

    await world.secrets.set('stripe:secret-key', world.restrictedKey);
    const invalid = await test.fail('invoices:create-payment-link', { id: tiny.id });
    expect([invalid.code, invalid.message]).toEqual([
      'invalid_input',
      expect.stringMatching(/refused the request \(400\).*at least \$0\.50/),
    ]);
    expect(world.billingRows()).toBe(before);

    await world.fake.stop();
    const offline = await test.fail('invoices:create-payment-link', { id: invoice.id });
    expect([offline.code, offline.message]).toEqual([
      'unavailable',
      expect.stringMatching(/Stripe could not be reached/),
    ]);
    // The invoice is as it was; only the pending attempt is kept, so the retry reuses its key.
    const after = await test.call('invoices:get', { id: invoice.id });
    expect([after.status, after.paymentUrl, after.totalCents]).toEqual(['open', null, invoice.totalCents]);
    expect(after.payments).toMatchObject([{ attempt: 1, status: 'creating' }]);
    await world.fake.start();
    await test.call('invoices:create-payment-link', { id: invoice.id });
    expect(world.fake.sessions.size).toBe(1);
    expect(
      world.fake.requests.filter(
        (r) => r.path === '/v1/checkout/sessions' && r.method === 'POST' && r.status === 200,
      ),
    ).toHaveLength(1);
    expect(findLeaks(test, [world.restrictedKey, world.readOnlyKey])).toEqual([]);
  });
});

describe('billing: idempotency conflicts and voiding', () => {
  it('moves past an idempotency key Stripe already used with other parameters (a database restored from a backup)', async () => {
    const clock = manualClock(new Date().toISOString());
    const test = world.openCore({ clock });
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const invoice = await world.openInvoice(test);
    await test.call('invoices:create-payment-link', { id: invoice.id });
    world.exec(`DELETE FROM payment_attempts WHERE invoice_id = '${invoice.id}'`);
    clock.set(new Date(clock.now().getTime() + 60_000).toISOString());

    const conflict = await test.fail('invoices:create-payment-link', { id: invoice.id });
    expect([conflict.code, conflict.message]).toEqual([
      'invalid_input',
      expect.stringMatching(/same parameters/),
    ]);
    expect((await test.call('invoices:get', { id: invoice.id })).payments).toMatchObject([
      { attempt: 1, status: 'expired' },
    ]);
    const renewed = await test.call('invoices:create-payment-link', { id: invoice.id });
    expect(renewed.payments.map((p) => [p.attempt, p.status])).toEqual([
      [1, 'expired'],
      [2, 'open'],
    ]);
    expect(world.fake.sessions.size).toBe(2);
  });

  it('voids an open invoice only after expiring its payment link at Stripe', async () => {
    const test = world.openCore();
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const invoice = await world.openInvoice(test);
    await test.call('invoices:create-payment-link', { id: invoice.id });
    const [session] = [...world.fake.sessions.values()];
    await world.fake.stop();
    expect((await test.fail('invoices:void', { id: invoice.id })).code).toBe('unavailable');
    expect((await test.call('invoices:get', { id: invoice.id })).status).toBe('open');
    await world.fake.start();
    const voided = await test.call('invoices:void', { id: invoice.id });
    expect(voided.status).toBe('void');
    expect(voided.number).toBe(invoice.number);
    expect(world.fake.sessions.get(session!.id)?.status).toBe('expired');
  });
});
