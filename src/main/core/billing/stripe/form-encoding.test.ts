import { describe, expect, it } from 'vitest';
import { parseStripeForm } from '../../../../../tests/fakes/stripe-form';
import { encodeForm } from './form-encoding';

describe('Stripe form encoding', () => {
  it('writes nested objects and arrays with bracketed keys and leaves out empty values', () => {
    const text = encodeForm({
      mode: 'payment',
      line_items: [
        {
          price_data: {
            currency: 'usd',
            unit_amount: 1234,
            product_data: { name: 'Invoice INV-2026-0001 & co' },
          },
          quantity: 1,
        },
      ],
      customer_email: undefined,
      metadata: { invoice_id: 'inv_1' },
      expires_at: 1_800_000_000,
    });
    expect(decodeURIComponent(text.replace(/\+/g, ' '))).toBe(
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1234' +
        '&line_items[0][price_data][product_data][name]=Invoice INV-2026-0001 & co&line_items[0][quantity]=1' +
        '&metadata[invoice_id]=inv_1&expires_at=1800000000',
    );
  });

  it('round-trips through a Stripe-style parser', () => {
    const params = {
      types: ['checkout.session.completed', 'checkout.session.expired'],
      created: { gte: 17 },
      limit: 100,
    };
    expect(parseStripeForm(encodeForm(params))).toEqual({
      types: ['checkout.session.completed', 'checkout.session.expired'],
      created: { gte: '17' },
      limit: '100',
    });
    expect(parseStripeForm('a[]=x&a[]=y&b[c][]=1')).toEqual({ a: ['x', 'y'], b: { c: ['1'] } });
  });
});
