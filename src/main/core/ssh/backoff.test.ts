import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 1000, maxMs: 30_000 };

  it('doubles from the base with half the step fixed and half random', () => {
    expect(backoffDelay(0, { ...options, random: () => 0 })).toBe(500);
    expect(backoffDelay(0, { ...options, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(1, { ...options, random: () => 0 })).toBe(1000);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(6000);
  });

  it('never exceeds the cap, however many attempts failed', () => {
    expect(backoffDelay(5, { ...options, random: () => 0.999999 })).toBe(30_000);
    expect(backoffDelay(1000, { ...options, random: () => 0.999999 })).toBe(30_000);
    expect(backoffDelay(1000, { ...options, random: () => 0 })).toBe(15_000);
  });

  it('spreads retries of many connections over the jitter window', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(8000);
      expect(delay).toBeLessThanOrEqual(16_000);
    }
  });
});
