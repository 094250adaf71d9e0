import { describe, expect, it } from 'vitest';
import { formatMoney, parseCents } from './money';

describe('money in the billing UI', () => {
  it('reads amounts typed by people into cents', () => {
    expect(parseCents('12')).toBe(1200);
    expect(parseCents('12.5')).toBe(1250);
    expect(parseCents(' 0,07 ')).toBe(7);
    expect(parseCents('1.234')).toBeNull();
    expect(parseCents('-3')).toBeNull();
    expect(parseCents('abc')).toBeNull();
  });

  it('formats cents with the currency', () => {
    expect(formatMoney(123_456, 'USD')).toMatch(/1,?234\.56/);
    expect(formatMoney(-1000, 'EUR')).toMatch(/10/);
  });
});
