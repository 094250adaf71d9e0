import { describe, expect, it } from 'vitest';
import { settingsSchema, type Settings } from '@shared/contract/settings';
import { createPace, HIDDEN_FOR_MS, type AttentionPort } from './pace';
import { createQuietSchedule } from './quiet-schedule';

const idle = { cpuPercent: 0.2, memoryBytes: 5_000_000 };
const rest = { isOnScreen: false, isSettling: false };
const onScreen = { isOnScreen: true, isSettling: false };

function rig(awaySampling: Settings['monitoring']['awaySampling']) {
  let now = Date.parse('2026-12-06T10:00:00Z');
  const machine = { isOnBattery: false, hiddenSince: null as number | null, isPaused: false };
  const attention: AttentionPort = {
    isOnBattery: () => machine.isOnBattery,
    windowHiddenSince: () => machine.hiddenSince,
    isPausedByUser: () => machine.isPaused,
  };
  const settings = { ...settingsSchema.parse({}).monitoring, awaySampling };
  const quiet = createQuietSchedule();
  const pace = createPace({
    clock: { now: () => new Date(now) },
    settings: () => settings,
    quiet,
    attention,
  });
  return { pace, quiet, machine, at: () => now, advance: (ms: number) => (now += ms) };
}

describe('sampling pace', () => {
  it('reads what is on screen every few seconds and the rest every minute while the user is here', () => {
    const { pace } = rig('slower');
    expect(pace.container('c1', onScreen)).toEqual({ stats: 5000, logs: 2000 });
    expect(pace.container('c1', rest)).toEqual({ stats: 60_000, logs: 60_000 });
    expect(pace.node(false)).toBe(60_000);
    expect(pace.summary()).toMatchObject({ isAway: false, onScreenSeconds: 5, restSeconds: 60 });
  });

  it('on battery reads the rest four times less often but keeps what is on screen fast', () => {
    const { pace, machine } = rig('slower');
    machine.isOnBattery = true;
    expect(pace.container('c1', onScreen)).toEqual({ stats: 5000, logs: 2000 });
    expect(pace.container('c1', rest)).toEqual({ stats: 240_000, logs: 240_000 });
    expect(pace.summary()).toMatchObject({ isAway: true, isOnBattery: true, restSeconds: 240 });
  });

  it('changes nothing on battery when the setting is normal', () => {
    const { pace, machine } = rig('normal');
    machine.isOnBattery = true;
    expect(pace.container('c1', rest)).toEqual({ stats: 60_000, logs: 60_000 });
    expect(pace.summary().isAway).toBe(false);
  });

  it('counts a hidden window as away only after a while, and then nothing as on screen', () => {
    const { pace, machine, at, advance } = rig('slower');
    machine.hiddenSince = at();
    advance(HIDDEN_FOR_MS - 1000);
    expect(pace.container('c1', onScreen).stats).toBe(5000);
    advance(1000);
    expect(pace.container('c1', onScreen)).toEqual({ stats: 240_000, logs: 240_000 });
    expect(pace.node(true)).toBe(240_000);
    expect(pace.summary()).toMatchObject({ isHidden: true, onScreenSeconds: 240 });
    machine.hiddenSince = null;
    expect(pace.container('c1', onScreen).stats).toBe(5000);
  });

  it('paused from the tray reads no stats at all, even of what is on screen, whatever the setting, and logs as usual', () => {
    const { pace, machine } = rig('normal');
    machine.isPaused = true;
    expect(pace.container('c1', onScreen)).toEqual({ stats: null, logs: 60_000 });
    expect(pace.summary()).toMatchObject({ isPausedFromTray: true, mode: 'paused', onScreenSeconds: null });
    machine.isPaused = false;
    expect(pace.container('c1', onScreen)).toEqual({ stats: 5000, logs: 2000 });
  });
});

describe('sampling pace while away', () => {
  it('pauses stats but still collects logs when paused and away; settling deployments stay fast', () => {
    const { pace, machine } = rig('paused');
    machine.isOnBattery = true;
    expect(pace.container('c1', rest)).toEqual({ stats: null, logs: 60_000 });
    expect(pace.node(false)).toBeNull();
    expect(pace.container('c2', { isOnScreen: false, isSettling: true })).toEqual({
      stats: 5000,
      logs: 2000,
    });
    expect(pace.summary()).toMatchObject({ restSeconds: null, restLogsSeconds: 60 });
  });

  it('counts browser tabs as hidden only when every one has been hidden for a while', () => {
    const { pace, advance } = rig('slower');
    pace.setPageVisible('tab-1', false);
    pace.setPageVisible('tab-2', true);
    advance(HIDDEN_FOR_MS);
    expect(pace.summary().isHidden).toBe(false);
    pace.setPageVisible('tab-2', false);
    advance(HIDDEN_FOR_MS - 1);
    expect(pace.summary().isHidden).toBe(false);
    // A repeated hidden report keeps the first time it was hidden.
    pace.setPageVisible('tab-2', false);
    advance(1);
    expect(pace.summary().isHidden).toBe(true);
    pace.setPageVisible('tab-1', true);
    expect(pace.summary().isHidden).toBe(false);
  });

  it('backs off quiet containers in the background and wakes them when they come on screen', () => {
    const { pace, quiet } = rig('slower');
    for (let i = 0; i < 3; i += 1) quiet.observe('c1', idle);
    expect(pace.container('c1', rest)).toEqual({ stats: 240_000, logs: 240_000 });
    expect(pace.summary()).toMatchObject({ quietContainers: 1, quietCeilingSeconds: 300 });
    expect(pace.container('c1', onScreen)).toEqual({ stats: 5000, logs: 2000 });
    expect(pace.container('c1', rest)).toEqual({ stats: 60_000, logs: 60_000 });
    expect(pace.summary().quietContainers).toBe(0);
  });

  it('pulls a backed-off container back to the normal rate as soon as its figures change or it logs', () => {
    const { pace, at } = rig('slower');
    for (let i = 0; i < 3; i += 1) pace.observed('c1', idle, undefined, at());
    const due = { stats: at() + 240_000, logs: at() + 240_000 };
    pace.observed('c1', idle, due, at());
    expect(due).toEqual({ stats: at() + 240_000, logs: at() + 240_000 });
    pace.observed('c1', { ...idle, cpuPercent: 40 }, due, at());
    expect(due).toEqual({ stats: at() + 60_000, logs: at() + 60_000 });
    expect(pace.container('c1', rest)).toEqual({ stats: 60_000, logs: 60_000 });

    for (let i = 0; i < 2; i += 1) pace.observed('c2', idle, undefined, at());
    const logging = { stats: at() + 120_000, logs: at() + 120_000 };
    pace.logged('c2', logging, at());
    expect(logging).toEqual({ stats: at() + 60_000, logs: at() + 60_000 });
    // A container at the normal rate keeps its due times.
    pace.logged('c2', logging, at() + 1000);
    expect(logging).toEqual({ stats: at() + 60_000, logs: at() + 60_000 });
  });
});

describe('sampling pace on screen', () => {
  it('never backs off a container while it is on screen, however still its figures', () => {
    const { pace, at } = rig('slower');
    expect(pace.container('c1', onScreen)).toEqual({ stats: 5000, logs: 2000 });
    for (let i = 0; i < 4; i += 1) pace.observed('c1', idle, undefined, at());
    expect(pace.summary().quietContainers).toBe(0);
    expect(pace.container('c1', onScreen)).toEqual({ stats: 5000, logs: 2000 });
    expect(pace.container('c1', rest)).toEqual({ stats: 60_000, logs: 60_000 });
  });
});
