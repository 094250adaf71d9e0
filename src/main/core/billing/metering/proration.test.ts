import { describe, expect, it } from 'vitest';
import { monthBounds, overlapMs, periodOf, prorateCents, splitByMonth, taxCents } from './proration';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const monthMs = (period: string) => monthBounds(period).endMs - monthBounds(period).startMs;

describe('proration', () => {
  it('charges the full monthly price for a whole month of any length', () => {
    for (const period of ['2026-01', '2026-02', '2024-02', '2026-04']) {
      expect(prorateCents(1999, monthMs(period), monthMs(period))).toBe(1999);
    }
  });

  it('divides by the hours of that very month, leap February included', () => {
    expect(monthMs('2024-02') / HOUR).toBe(696);
    expect(monthMs('2025-02') / HOUR).toBe(672);
    expect(prorateCents(2900, 24 * HOUR, monthMs('2024-02'))).toBe(100);
    expect(prorateCents(2800, 24 * HOUR, monthMs('2025-02'))).toBe(100);
    // The same day costs less in a 31-day month than in a 30-day one.
    expect(prorateCents(3100, 24 * HOUR, monthMs('2026-01'))).toBe(100);
    expect(prorateCents(3100, 24 * HOUR, monthMs('2026-04'))).toBe(103);
  });

  it('rounds half up to the cent, once per line', () => {
    const april = monthMs('2026-04');
    expect(prorateCents(1, april / 2, april)).toBe(1); // 0.5 → 1
    expect(prorateCents(3, april / 2, april)).toBe(2); // 1.5 → 2
    expect(prorateCents(5, april / 2 - 1, april)).toBe(2); // just under 2.5 → 2
    expect(prorateCents(5, april / 2, april)).toBe(3); // 2.5 → 3
    expect(prorateCents(999, 0, april)).toBe(0);
  });

  it('stays exact where price × milliseconds passes 2^53', () => {
    const january = monthMs('2026-01');
    expect(999_999_999_99 * january).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(prorateCents(999_999_999_99, january, january)).toBe(999_999_999_99);
    expect(prorateCents(999_999_999_99, january / 2, january)).toBe(50_000_000_000);
  });
});

describe('months, windows and tax', () => {
  it('splits an interval at each UTC month boundary', () => {
    expect(splitByMonth(at('2026-01-31T12:00:00Z'), at('2026-02-01T12:00:00Z'))).toEqual([
      { period: '2026-01', ms: 12 * HOUR },
      { period: '2026-02', ms: 12 * HOUR },
    ]);
    const parts = splitByMonth(at('2023-12-15T00:00:00Z'), at('2024-03-02T00:00:00Z'));
    expect(parts.map((p) => p.period)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
    expect(parts.map((p) => p.ms / HOUR)).toEqual([17 * 24, 31 * 24, 29 * 24, 24]);
  });

  it('clips intervals to a window; an open interval runs to the window end', () => {
    const from = at('2026-03-01T00:00:00Z');
    const until = at('2026-03-10T00:00:00Z');
    expect(overlapMs(at('2026-02-27T00:00:00Z'), null, from, until)).toBe(9 * 24 * HOUR);
    expect(overlapMs(at('2026-03-02T00:00:00Z'), at('2026-03-03T00:00:00Z'), from, until)).toBe(24 * HOUR);
    expect(overlapMs(at('2026-04-02T00:00:00Z'), null, from, until)).toBe(0);
    expect(periodOf(at('2026-03-31T23:59:59.999Z'))).toBe('2026-03');
    expect(periodOf(at('2026-04-01T00:00:00Z'))).toBe('2026-04');
  });

  it('rounds tax half up once per invoice', () => {
    expect(taxCents(1005, 2000)).toBe(201);
    expect(taxCents(1002, 1250)).toBe(125); // 125.25
    expect(taxCents(1004, 1250)).toBe(126); // 125.5
    expect(taxCents(1000, null)).toBe(0);
    expect(taxCents(0, 2000)).toBe(0);
  });
});
