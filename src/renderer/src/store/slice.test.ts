import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@shared/api-client';
import { methodNames, type Bridge } from '@shared/contract';
import { AppError, type AppErrorData } from '@shared/result';
import { createAppStore } from './index';
import { createSharedWatch, errorViewOf, throttleTrailing } from './slice';

/** A bridge on which every method answers with the same failure envelope, as the core would send it. */
function failingBridge(error: AppErrorData): Bridge {
  const bridge: Record<string, unknown> = { on: () => () => undefined };
  for (const name of methodNames) bridge[name] = () => Promise.resolve({ ok: false, error });
  return bridge as Bridge;
}

describe('errorViewOf', () => {
  it('keeps an AppError code and message, and leaves its field and details behind', () => {
    const error = new AppError('host_unreachable', 'No answer from 10.0.0.5.', {
      field: 'host',
      details: { port: 22 },
    });
    expect(errorViewOf(error)).toEqual({ code: 'host_unreachable', message: 'No answer from 10.0.0.5.' });
  });

  it('calls anything else thrown internal', () => {
    expect(errorViewOf(new TypeError('x is undefined'))).toEqual({
      code: 'internal',
      message: 'x is undefined',
    });
    expect(errorViewOf('plain text')).toEqual({ code: 'internal', message: 'plain text' });
  });
});

describe('a slice whose load fails', () => {
  it('keeps the code of the error the core answered with', async () => {
    const unreachable = { code: 'host_unreachable', message: 'The node did not answer.' } as const;
    const store = createAppStore(createApiClient(failingBridge(unreachable)));
    await store.getState().loadNodes();
    expect(store.getState().nodesError).toEqual(unreachable);
    expect(store.getState().nodes).toBeNull();
  });

  it('keeps which template failed and why, so the view can tell a missing one apart', async () => {
    const missing = { code: 'not_found', message: 'No template t9.' } as const;
    const store = createAppStore(createApiClient(failingBridge(missing)));
    await store.getState().loadTemplate('t9');
    expect(store.getState().templateDetailError).toEqual({ id: 't9', error: missing });
  });
});

describe('createSharedWatch', () => {
  it('subscribes for the first watcher and lets go after the last, whatever the order', () => {
    const log: string[] = [];
    const watch = createSharedWatch(() => {
      log.push('on');
      return () => log.push('off');
    });
    const first = watch();
    const second = watch();
    first();
    first();
    expect(log).toEqual(['on']);
    second();
    const third = watch();
    third();
    expect(log).toEqual(['on', 'off', 'on', 'off']);
  });
});

describe('throttleTrailing', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at once, folds the calls of its gap into one run at the end, and can drop it', () => {
    vi.useFakeTimers();
    let runs = 0;
    const reload = throttleTrailing(() => (runs += 1), 3000);
    reload();
    expect(runs).toBe(1);
    for (let i = 0; i < 20; i += 1) reload();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(3000);
    expect(runs).toBe(2);
    reload();
    expect(runs).toBe(3);
    reload();
    reload.cancel();
    vi.advanceTimersByTime(10_000);
    expect(runs).toBe(3);
  });
});
