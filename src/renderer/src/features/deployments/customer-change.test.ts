import { describe, expect, it } from 'vitest';
import { customerChangeOf, isSameCustomer } from './customer-change';

describe('customerChangeOf', () => {
  it('assigns a customer with a price override typed as an amount', () => {
    expect(customerChangeOf('web', { customerId: 'cus_1', priceText: '9.5' })).toEqual({
      id: 'web',
      customerId: 'cus_1',
      priceOverrideCents: 950,
    });
  });

  it('clears the customer with null and leaves a blank price out, keeping the current one', () => {
    expect(customerChangeOf('web', { customerId: '', priceText: '  ' })).toEqual({
      id: 'web',
      customerId: null,
    });
  });

  it('refuses a price that is not an amount', () => {
    expect(customerChangeOf('web', { customerId: 'cus_1', priceText: '-3' })).toBeNull();
    expect(customerChangeOf('web', { customerId: 'cus_1', priceText: 'ten' })).toBeNull();
  });
});

describe('isSameCustomer', () => {
  it('is true only for the current customer with no new price', () => {
    expect(isSameCustomer('cus_1', { customerId: 'cus_1', priceText: '' })).toBe(true);
    expect(isSameCustomer(null, { customerId: '', priceText: '' })).toBe(true);
    expect(isSameCustomer('cus_1', { customerId: 'cus_1', priceText: '5' })).toBe(false);
    expect(isSameCustomer('cus_1', { customerId: '', priceText: '' })).toBe(false);
    expect(isSameCustomer(null, { customerId: 'cus_1', priceText: '' })).toBe(false);
  });
});
