import { describe, expect, it } from 'vitest';
import { createDialPacer } from './dial-pacer';

/** A clock the test moves by hand; every wait asked of it is recorded and returns at once. */
function manualClock() {
  let now = 1000;
  const waits: number[] = [];
  return {
    waits,
    advance: (ms: number) => (now += ms),
    clock: { now: () => now, sleep: (ms: number) => (waits.push(ms), Promise.resolve()) },
  };
}

describe('dial pacer', () => {
  it('spreads dials asked at the same instant one spacing apart', async () => {
    const { clock, waits } = manualClock();
    const pacer = createDialPacer(40, clock);
    await Promise.all(Array.from({ length: 5 }, () => pacer.turn()));
    expect(waits).toEqual([40, 80, 120, 160]);
  });

  it('lets a dial begin at once when none began within the spacing', async () => {
    const { clock, waits, advance } = manualClock();
    const pacer = createDialPacer(40, clock);
    await pacer.turn();
    advance(25);
    await pacer.turn();
    advance(100);
    await pacer.turn();
    expect(waits).toEqual([15]);
  });
});
