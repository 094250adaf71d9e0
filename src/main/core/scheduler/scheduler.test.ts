import { describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { silentLogger } from '../logger';
import { createScheduler } from './scheduler';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('scheduler: running workers', () => {
  it('never overlaps a worker with itself: run-now joins the run under way', async () => {
    const scheduler = createScheduler({ clock: systemClock, logger: silentLogger });
    let runs = 0;
    const gate = deferred();
    scheduler.register({
      name: 'health',
      intervalSeconds: () => 3600,
      run: async () => {
        runs += 1;
        await gate.promise;
      },
    });
    scheduler.start();
    const joined = scheduler.runNow('health');
    expect(scheduler.list()[0]?.isRunning).toBe(true);
    gate.resolve();
    await joined;
    expect(runs).toBe(1);
    await scheduler.runNow('health');
    expect(runs).toBe(2);
    await scheduler.stop();
  });

  it('reads the interval on every tick, so a settings change applies without restart', async () => {
    const scheduler = createScheduler({ clock: systemClock, logger: silentLogger });
    let interval = 3600;
    let runs = 0;
    scheduler.register({
      name: 'w',
      intervalSeconds: () => interval,
      run: () => Promise.resolve(void (runs += 1)),
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(1);
    interval = 0.01;
    await scheduler.runNow('w');
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBeGreaterThanOrEqual(4);
    await scheduler.stop();
  });
});

describe('scheduler: failures and stopping', () => {
  it('records a failed run and keeps scheduling', async () => {
    const scheduler = createScheduler({ clock: systemClock, logger: silentLogger });
    scheduler.register({
      name: 'w',
      intervalSeconds: () => 3600,
      run: () => Promise.reject(new Error('node-3 timed out')),
    });
    const state = await scheduler.runNow('w');
    expect(state.lastError).toBe('node-3 timed out');
    expect(state.isRunning).toBe(false);
    await scheduler.stop();
  });

  it('stop aborts runs in flight, waits for them and schedules nothing more', async () => {
    const scheduler = createScheduler({ clock: systemClock, logger: silentLogger });
    let aborted = false;
    let runs = 0;
    scheduler.register({
      name: 'w',
      intervalSeconds: () => 0.01,
      run: (signal) =>
        new Promise<void>((resolve) => {
          runs += 1;
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    });
    scheduler.start();
    await scheduler.stop();
    expect(aborted).toBe(true);
    const after = runs;
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(after);
    await expect(scheduler.runNow('nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
