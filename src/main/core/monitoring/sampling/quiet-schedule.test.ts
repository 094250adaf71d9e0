import { describe, expect, it } from 'vitest';
import { createQuietSchedule, QUIET_CEILING_MS } from './quiet-schedule';

const MINUTE = 60_000;
const idle = { cpuPercent: 0.4, memoryBytes: 10_000_000 };

describe('quiet schedule', () => {
  it('reads a container at the normal rate until its figures have been seen to stay the same', () => {
    const quiet = createQuietSchedule();
    expect(quiet.every('c1', MINUTE)).toBe(MINUTE);
    quiet.observe('c1', idle);
    expect(quiet.every('c1', MINUTE)).toBe(MINUTE);
    expect(quiet.quietCount()).toBe(0);
  });

  it('doubles the interval per unchanged reading, up to the ceiling', () => {
    const quiet = createQuietSchedule();
    const seen: number[] = [];
    for (let reading = 0; reading < 6; reading += 1) {
      quiet.observe('c1', { cpuPercent: 0.4 + (reading % 2), memoryBytes: 10_000_000 + reading * 50_000 });
      seen.push(quiet.every('c1', MINUTE));
    }
    expect(seen).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE, QUIET_CEILING_MS, QUIET_CEILING_MS, QUIET_CEILING_MS]);
    expect(quiet.quietCount()).toBe(1);
  });

  it('never reads less often than the normal interval when that is above the ceiling', () => {
    const quiet = createQuietSchedule();
    quiet.observe('c1', idle);
    quiet.observe('c1', idle);
    expect(quiet.every('c1', 60 * MINUTE)).toBe(60 * MINUTE);
  });

});

describe('quiet schedule waking', () => {
  it('goes back to the normal rate at once when CPU leaves its band', () => {
    const quiet = createQuietSchedule();
    for (let i = 0; i < 4; i += 1) quiet.observe('c1', idle);
    expect(quiet.observe('c1', { ...idle, cpuPercent: 3 })).toBe(true);
    expect(quiet.every('c1', MINUTE)).toBe(MINUTE);
    // The new figures are the reference from now on.
    quiet.observe('c1', { ...idle, cpuPercent: 3.5 });
    expect(quiet.every('c1', MINUTE)).toBe(2 * MINUTE);
  });

  it('goes back to the normal rate when memory moves by more than a few percent', () => {
    const quiet = createQuietSchedule();
    for (let i = 0; i < 3; i += 1) quiet.observe('c1', idle);
    quiet.observe('c1', { ...idle, memoryBytes: 10_600_000 });
    expect(quiet.every('c1', MINUTE)).toBe(MINUTE);
  });

  it('counts a reading without CPU figures as a change only when the reference had some', () => {
    const quiet = createQuietSchedule();
    quiet.observe('c1', { cpuPercent: null, memoryBytes: null });
    quiet.observe('c1', { cpuPercent: null, memoryBytes: null });
    expect(quiet.every('c1', MINUTE)).toBe(2 * MINUTE);
    quiet.observe('c1', idle);
    expect(quiet.every('c1', MINUTE)).toBe(MINUTE);
  });

  it('wakes on new log lines or on coming on screen, and forgets a container that is gone', () => {
    const quiet = createQuietSchedule();
    for (let i = 0; i < 3; i += 1) {
      quiet.observe('c1', idle);
      quiet.observe('c2', idle);
    }
    expect(quiet.wake('c1')).toBe(true);
    expect(quiet.wake('c1')).toBe(false);
    expect(quiet.every('c1', MINUTE)).toBe(MINUTE);
    expect(quiet.every('c2', MINUTE)).toBe(4 * MINUTE);
    quiet.forget('c2');
    expect(quiet.every('c2', MINUTE)).toBe(MINUTE);
    expect(quiet.quietCount()).toBe(0);
  });
});
