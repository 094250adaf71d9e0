import { afterEach, describe, expect, it } from 'vitest';
import { PERSONAL_CUSTOMER_ID } from '@shared/contract/billing';
import { createMemorySecretStore } from '../../../../../tests/helpers/memory-secret-store';
import { createTestCore, type TestCore } from '../../../../../tests/helpers/test-core';

let test: TestCore;
afterEach(async () => test.close());

describe('customers', () => {
  it('has a built-in Personal owner that cannot be changed, deleted or invoiced', async () => {
    test = createTestCore({ secrets: createMemorySecretStore() });
    const [personal] = await test.call('customers:list', {});
    expect(personal).toMatchObject({
      id: PERSONAL_CUSTOMER_ID,
      name: 'Personal',
      isPersonal: true,
      email: null,
    });
    expect((await test.fail('customers:update', { id: PERSONAL_CUSTOMER_ID, name: 'Me' })).code).toBe(
      'forbidden',
    );
    expect((await test.fail('customers:delete', { id: PERSONAL_CUSTOMER_ID })).code).toBe('forbidden');
    expect((await test.fail('invoices:create', { customerId: PERSONAL_CUSTOMER_ID })).code).toBe('forbidden');
  });

  it('keeps the billing settings left out of a change', async () => {
    test = createTestCore({ secrets: createMemorySecretStore() });
    await test.call('settings:update', { billing: { currency: 'EUR', invoiceIntervalHours: 12 } });
    const after = await test.call('settings:update', { billing: { issuerName: 'Me' } });
    expect(after.billing).toEqual({
      currency: 'EUR',
      invoiceIntervalHours: 12,
      paymentCheckSeconds: 60,
      issuerName: 'Me',
      issuerDetails: '',
    });
  });
});

describe('a customer from creation to deletion', () => {
  it('creates with defaults, updates, refuses currencies without cents, and deletes', async () => {
    test = createTestCore({ secrets: createMemorySecretStore() });
    const created = await test.call('customers:create', {
      name: ' Acme ',
      email: 'ap@acme.test',
      currency: 'eur',
    });
    expect(created).toMatchObject({
      name: 'Acme',
      currency: 'EUR',
      taxRateBasisPoints: null,
      notes: '',
      assignedDeployments: 0,
    });
    const updated = await test.call('customers:update', {
      id: created.id,
      taxRateBasisPoints: 2000,
      notes: 'Net 30',
    });
    expect(updated).toMatchObject({
      name: 'Acme',
      currency: 'EUR',
      taxRateBasisPoints: 2000,
      notes: 'Net 30',
    });
    expect(
      await test.fail('customers:create', { name: 'Tokyo', email: 'a@b.jp', currency: 'JPY' }),
    ).toMatchObject({
      code: 'invalid_input',
      field: 'currency',
    });
    expect((await test.fail('customers:create', { name: 'X', email: 'not-an-email' })).field).toBe('email');
    await test.call('customers:delete', { id: created.id });
    expect((await test.call('customers:list', {})).map((c) => c.name)).toEqual(['Personal']);
  });
});
