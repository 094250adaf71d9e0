/**
 * The money arithmetic of metering, in integers only.
 *
 * cost of a line = monthly price × running time ÷ length of that calendar month (UTC), rounded half
 * up to the cent once per line. A line is one deployment at one rate for one customer in one month, so
 * an interval that crosses a month boundary is split at the boundary and priced in each month.
 */
export const ROUNDING_RULE =
  'Each usage line costs its monthly price × running time ÷ the length of that calendar month (UTC), ' +
  'rounded half up to the cent once per line. Tax is rounded half up once per invoice. Hours are shown to 0.01 h.';

const HOUR_MS = 3_600_000;

export interface MonthBounds {
  period: string;
  startMs: number;
  endMs: number;
}

export const periodOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

export function monthBounds(period: string): MonthBounds {
  const [year, month] = period.split('-').map(Number);
  if (year === undefined || month === undefined || !Number.isInteger(year) || month < 1 || month > 12)
    throw new Error(`not a month: ${period}`);
  return { period, startMs: Date.UTC(year, month - 1, 1), endMs: Date.UTC(year, month, 1) };
}

export const nextPeriod = (period: string): string => periodOf(monthBounds(period).endMs);

/** Round half up of numerator ÷ denominator for non-negative integers, exact at any size. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new Error('denominator must be positive');
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator < 0n ? -numerator : numerator;
  return sign * ((2n * magnitude + denominator) / (2n * denominator));
}

/** monthly price × running ms ÷ month ms, to the cent. BigInt: price × ms overflows 2^53 for large prices. */
export function prorateCents(priceMonthlyCents: number, runningMs: number, monthMs: number): number {
  return Number(divideRoundHalfUp(BigInt(priceMonthlyCents) * BigInt(runningMs), BigInt(monthMs)));
}

export function taxCents(subtotalCents: number, basisPoints: number | null): number {
  if (!basisPoints || subtotalCents <= 0) return 0;
  return Number(divideRoundHalfUp(BigInt(subtotalCents) * BigInt(basisPoints), 10_000n));
}

export const hoursOf = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

/** The part of [startedMs, endedMs) that falls inside [fromMs, untilMs); an open interval runs until untilMs. */
export function overlapMs(
  startedMs: number,
  endedMs: number | null,
  fromMs: number,
  untilMs: number,
): number {
  const end = Math.min(endedMs ?? untilMs, untilMs);
  return Math.max(0, end - Math.max(startedMs, fromMs));
}

/** Every month [startMs, endMs) touches, with the part in each. */
export function splitByMonth(startMs: number, endMs: number): { period: string; ms: number }[] {
  const parts: { period: string; ms: number }[] = [];
  let period = periodOf(startMs);
  // At most one part per month between the two instants: bounded by the span itself.
  for (let guard = 0; guard < 12 * 200; guard += 1) {
    const bounds = monthBounds(period);
    if (bounds.startMs >= endMs) break;
    const ms = overlapMs(startMs, endMs, bounds.startMs, bounds.endMs);
    if (ms > 0) parts.push({ period, ms });
    period = nextPeriod(period);
  }
  return parts;
}
