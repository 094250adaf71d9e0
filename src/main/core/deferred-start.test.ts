import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeferredStart } from './deferred-start';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('deferred start', () => {
  it('begins right after the first answer, not when start is called, and only once', () => {
    const begin = vi.fn();
    const startup = createDeferredStart(begin, 1000);
    startup.arm();
    expect(begin).not.toHaveBeenCalled();
    startup.answered();
    expect(begin).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(begin).toHaveBeenCalledTimes(1);
    startup.answered();
    vi.advanceTimersByTime(5000);
    expect(begin).toHaveBeenCalledTimes(1);
  });

  it('begins after the grace when nothing is asked', () => {
    const begin = vi.fn();
    createDeferredStart(begin, 1000).arm();
    vi.advanceTimersByTime(999);
    expect(begin).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(begin).toHaveBeenCalledTimes(1);
  });

  it('begins at once on start when a request was answered before it', () => {
    const begin = vi.fn();
    const startup = createDeferredStart(begin, 1000);
    startup.answered();
    expect(begin).not.toHaveBeenCalled();
    startup.arm();
    vi.advanceTimersByTime(0);
    expect(begin).toHaveBeenCalledTimes(1);
  });

  it('never begins once cancelled, nor without start', () => {
    const begin = vi.fn();
    const cancelled = createDeferredStart(begin, 1000);
    cancelled.arm();
    cancelled.cancel();
    cancelled.answered();
    createDeferredStart(begin, 1000).answered();
    vi.advanceTimersByTime(5000);
    expect(begin).not.toHaveBeenCalled();
  });
});
