import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, transition } from '../../../../../tests/helpers/deployment-transitions';
import { createMemorySecretStore } from '../../../../../tests/helpers/memory-secret-store';
import { createTestCore, type TestCore } from '../../../../../tests/helpers/test-core';

let test: TestCore;
afterEach(async () => test.close());

/** All of February 2026 (672 h) for a USD customer at 28.00 and a EUR one whose name looks like a formula. */
const setUp = async () => {
  test = createTestCore({ secrets: createMemorySecretStore(), clock: manualClock('2026-03-10T12:00:00Z') });
  const acme = await test.call('customers:create', {
    name: 'Acme',
    email: 'ap@acme.test',
    currency: 'USD',
  });
  const evil = await test.call('customers:create', {
    name: '=cmd|calc',
    email: 'x@evil.test',
    currency: 'EUR',
  });
  const run = (id: string, customerId: string, priceMonthlyCents: number) => {
    const billed = { customerId, priceMonthlyCents };
    test.core.events.emit(
      'deployments:transitioned',
      transition(id, 'starting', 'running', '2026-02-01T00:00:00.000Z', billed),
    );
    test.core.events.emit(
      'deployments:transitioned',
      transition(id, 'running', 'stopped', '2026-03-01T00:00:00.000Z', billed),
    );
  };
  run('web', acme.id, 2800);
  run('shop', evil.id, 1000);
  return { acme, evil };
};

describe('margins and the usage CSV', () => {
  it('counts only revenue in the billing currency against node costs, and names the currencies left out', async () => {
    await setUp();
    const margins = await test.call('billing:margins', { months: 2 });
    expect(margins.currency).toBe('USD');
    expect(margins.months).toEqual([
      { period: '2026-02', revenueCents: 2800, nodeCostCents: 0, marginCents: 2800, isPartial: false },
      { period: '2026-03', revenueCents: 0, nodeCostCents: 0, marginCents: 0, isPartial: true },
    ]);
    expect(margins.excludedCurrencies).toEqual(['EUR']);
  });

  it('writes one CSV row per line, keeps a formula-like name as text, and filters by customer', async () => {
    const { acme } = await setUp();
    const all = await test.call('billing:usage-csv', { period: '2026-02' });
    expect(all.fileName).toBe('hoster-usage-2026-02.csv');
    expect(all.csv.split('\r\n')).toEqual([
      'period,customer_id,customer,deployment_id,deployment,template,currency,monthly_price,running_hours,running_ms,amount',
      expect.stringMatching(
        /^2026-02,cus_\w+,'=cmd\|calc,shop,shop,Test app,EUR,10\.00,672\.00,2419200000,10\.00$/,
      ),
      expect.stringMatching(/^2026-02,cus_\w+,Acme,web,web,Test app,USD,28\.00,672\.00,2419200000,28\.00$/),
      '',
    ]);
    const one = await test.call('billing:usage-csv', { period: '2026-02', customerId: acme.id });
    expect(one.fileName).toBe(`hoster-usage-2026-02-${acme.id}.csv`);
    expect(one.csv.split('\r\n')).toHaveLength(3);
  });
});
