/**
 * Stripe Checkout against the local fake over real HTTP, with real SQLite and the real keychain
 * (run inside tests/rig/with-keyring.sh).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/deployment-transitions';
import { findLeaks } from '../helpers/find-leaks';
import { createBillingWorld, type BillingWorld } from './billing-support';

let world: BillingWorld;
beforeEach(async () => {
  world = await createBillingWorld();
});
afterEach(async () => world.dispose());

describe('billing: payment through Stripe Checkout', () => {
  it('makes one session per attempt, returns the same link when asked again, and is paid only when Stripe says so', async () => {
    const test = world.openCore();
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const invoice = await world.openInvoice(test);

    const linked = await test.call('invoices:create-payment-link', { id: invoice.id });
    const again = await test.call('invoices:create-payment-link', { id: invoice.id });
    expect(world.fake.sessions.size).toBe(1);
    const [session] = [...world.fake.sessions.values()];
    expect(linked.paymentUrl).toBe(session!.url);
    expect(again.paymentUrl).toBe(session!.url);
    expect(session).toMatchObject({
      amount_total: 12_345,
      currency: 'eur',
      mode: 'payment',
      customer_email: 'pay@client.test',
      client_reference_id: invoice.id,
    });
    expect(session!.metadata).toMatchObject({
      invoice_id: invoice.id,
      invoice_number: invoice.number,
      attempt: '1',
    });
    expect(world.fake.requests.find((r) => r.method === 'POST')?.idempotencyKey).toBe(
      `hoster-${invoice.id}-checkout-1`,
    );

    expect((await test.call('invoices:check-payment', { id: invoice.id })).status).toBe('open');
    world.fake.completeSession(session!.id);
    const paid = await test.call('invoices:check-payment', { id: invoice.id });
    expect(paid.status).toBe('paid');
    expect(paid.paidAt).not.toBeNull();
    expect(paid.payments).toMatchObject([
      { attempt: 1, status: 'complete', paymentStatus: 'paid', isLive: false },
    ]);
    expect((await test.fail('invoices:create-payment-link', { id: invoice.id })).code).toBe('conflict');
    expect((await test.fail('invoices:void', { id: invoice.id })).code).toBe('conflict');
    expect(findLeaks(test, [world.restrictedKey])).toEqual([]);
  });
});

describe('billing: a lost answer, and a key that may not read events', () => {
  it('survives a crash between Stripe creating the session and the app storing it: Stripe sees one session only', async () => {
    const first = world.openCore({
      // Each answer arrives and is lost before it is stored, as when the app dies at that instant.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = new URL(input instanceof Request ? input.url : input);
        if (init?.method === 'POST' && url.pathname === '/v1/checkout/sessions')
          throw new Error('the app crashed before storing the session');
        return response;
      },
    });
    await first.call('stripe:set-key', { secretKey: world.restrictedKey });
    const invoice = await world.openInvoice(first);
    const lost = await first.fail('invoices:create-payment-link', { id: invoice.id });
    expect(lost.code).toBe('unavailable');
    expect(world.fake.sessions.size).toBe(1);
    expect((await first.call('invoices:get', { id: invoice.id })).payments).toMatchObject([
      { attempt: 1, status: 'creating', url: null },
    ]);
    await first.core.close();

    const second = world.openCore();
    const retried = await second.call('invoices:create-payment-link', { id: invoice.id });
    expect(world.fake.sessions.size).toBe(1);
    const posts = world.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/checkout/sessions',
    );
    // The SDK's own retries (two) and the retry after the restart all replay the first answer.
    const key = `hoster-${invoice.id}-checkout-1`;
    expect(posts.map((r) => [r.idempotencyKey, r.isReplay, r.status])).toEqual([
      [key, false, 200],
      [key, true, 200],
      [key, true, 200],
      [key, true, 200],
    ]);
    expect(retried.paymentUrl).toBe([...world.fake.sessions.values()][0]!.url);
    expect(retried.payments).toMatchObject([{ attempt: 1, status: 'open' }]);
    expect(findLeaks(second, [world.restrictedKey])).toEqual([]);
  });

  it('falls back to asking each session when the key may not read events', async () => {
    const test = world.openCore();
    await world.secrets.set('stripe:secret-key', world.noEventsKey);
    const invoice = await world.openInvoice(test);
    await test.call('invoices:create-payment-link', { id: invoice.id });
    world.fake.completeSession([...world.fake.sessions.keys()][0]!);
    expect((await test.core.scheduler.runNow('billing-payments')).lastError).toBeNull();
    expect((await test.call('invoices:get', { id: invoice.id })).status).toBe('paid');
  });
});

describe('billing: an expired payment link', () => {
  it('leaves the invoice open when a session expires, and makes a new one on request', async () => {
    const clock = manualClock(new Date().toISOString());
    const test = world.openCore({ clock });
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const invoice = await world.openInvoice(test);
    await test.call('invoices:create-payment-link', { id: invoice.id });
    const [first] = [...world.fake.sessions.keys()];
    // A day later, past expires_at (23 h): Stripe expired the session by itself.
    world.fake.advanceSeconds(24 * 3600);
    clock.set(new Date(clock.now().getTime() + 24 * 3600 * 1000).toISOString());

    const expired = await test.call('invoices:check-payment', { id: invoice.id });
    expect(expired.status).toBe('open');
    expect(expired.paymentUrl).toBeNull();
    expect(expired.payments).toMatchObject([{ attempt: 1, status: 'expired' }]);

    const renewed = await test.call('invoices:create-payment-link', { id: invoice.id });
    expect(world.fake.sessions.size).toBe(2);
    const second = [...world.fake.sessions.values()].find((s) => s.id !== first);
    expect(renewed.paymentUrl).toBe(second!.url);
    expect(renewed.payments.map((p) => [p.attempt, p.status])).toEqual([
      [1, 'expired'],
      [2, 'open'],
    ]);
    world.fake.completeSession(second!.id);
    expect((await test.call('invoices:check-payment', { id: invoice.id })).status).toBe('paid');
  });
});

describe('billing: catching up on payments', () => {
  it('never marks paid while Stripe is unreachable, and catches up through the events list afterwards, also after a restart', async () => {
    const test = world.openCore();
    await test.call('stripe:set-key', { secretKey: world.restrictedKey });
    const [one, two] = [await world.openInvoice(test), await world.openInvoice(test)];
    await test.call('invoices:create-payment-link', { id: one.id });
    await test.call('invoices:create-payment-link', { id: two.id });
    const [sessionOne, sessionTwo] = [...world.fake.sessions.values()];

    await world.fake.stop();
    const offline = await test.core.scheduler.runNow('billing-payments');
    expect(offline.lastError).toMatch(/Stripe could not be reached/);
    // Meanwhile the customers pay at Stripe.
    world.fake.completeSession(sessionOne!.id);
    world.fake.completeSession(sessionTwo!.id);
    expect(await test.fail('invoices:check-payment', { id: one.id })).toMatchObject({ code: 'unavailable' });
    expect((await test.call('invoices:get', { id: one.id })).status).toBe('open');

    await world.fake.start();
    const pollsBefore = world.fake.count('GET', /^\/v1\/checkout\/sessions\/cs_/);
    expect((await test.core.scheduler.runNow('billing-payments')).lastError).toBeNull();
    expect((await test.call('invoices:get', { id: one.id })).status).toBe('paid');
    expect((await test.call('invoices:get', { id: two.id })).status).toBe('paid');
    // Both were learnt from one events request; no session needed asking for.
    expect(world.fake.count('GET', /^\/v1\/checkout\/sessions\/cs_/)).toBe(pollsBefore);
    const eventsQuery = world.fake.requests.find((r) => r.path === '/v1/events')?.params;
    expect(eventsQuery).toMatchObject({
      types: [
        'checkout.session.completed',
        'checkout.session.expired',
        'checkout.session.async_payment_succeeded',
      ],
      limit: '100',
    });
    await test.core.close();

    // Closed while a third invoice's customer pays; the next start catches up.
    const reopened = world.openCore();
    const three = await world.openInvoice(reopened);
    await reopened.call('invoices:create-payment-link', { id: three.id });
    await reopened.core.close();
    const sessionThree = [...world.fake.sessions.values()].find((s) => s.metadata.invoice_id === three.id);
    world.fake.completeSession(sessionThree!.id);
    const restarted = world.openCore();
    await restarted.core.scheduler.runNow('billing-payments');
    expect((await restarted.call('invoices:get', { id: three.id })).status).toBe('paid');
    expect(findLeaks(restarted, [world.restrictedKey])).toEqual([]);
  });
});
