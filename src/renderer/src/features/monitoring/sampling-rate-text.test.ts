import { describe, expect, it } from 'vitest';
import type { SamplingRate } from '@shared/contract/sampling';
import { formatEvery, samplingRateText } from './sampling-rate-text';

const here: SamplingRate = {
  mode: 'slower',
  isOnBattery: false,
  isHidden: false,
  isAway: false,
  isPausedFromTray: false,
  onScreenSeconds: 5,
  restSeconds: 60,
  restLogsSeconds: 60,
  quietContainers: 0,
  quietCeilingSeconds: 300,
};

describe('sampling rate line', () => {
  it('tells both rates while the user is here, and the quiet containers when there are some', () => {
    expect(samplingRateText(here)).toBe('Now: every 5 s for what is on screen, every 60 s for the rest.');
    expect(samplingRateText({ ...here, quietContainers: 12 })).toBe(
      'Now: every 5 s for what is on screen, every 60 s for the rest; 12 quiet containers every 5 min at most.',
    );
    expect(samplingRateText({ ...here, quietContainers: 1 })).toContain('; 1 quiet container every 5 min');
  });

  it('says why it is slower on battery or with the window hidden', () => {
    expect(samplingRateText({ ...here, isAway: true, isOnBattery: true, restSeconds: 240 })).toBe(
      'On battery: every 5 s for what is on screen, every 4 min for the rest.',
    );
    expect(
      samplingRateText({ ...here, isAway: true, isHidden: true, onScreenSeconds: 240, restSeconds: 240 }),
    ).toBe('Window hidden: every 4 min for everything (nothing is on screen).');
  });

  it('says stats are paused and logs still collected', () => {
    const paused = { ...here, mode: 'paused' as const, isAway: true, restSeconds: null };
    expect(samplingRateText({ ...paused, isOnBattery: true })).toBe(
      'On battery: every 5 s for what is on screen; stats of the rest paused, logs every 60 s.',
    );
    expect(samplingRateText({ ...paused, isOnBattery: true, isHidden: true, onScreenSeconds: null })).toBe(
      'On battery with the window hidden: stats paused, logs every 60 s.',
    );
  });

  it('writes intervals in seconds, minutes or hours', () => {
    expect([5, 120, 240, 90 * 60, 2 * 3600].map(formatEvery)).toEqual([
      '5 s',
      '120 s',
      '4 min',
      '90 min',
      '2 h',
    ]);
  });

  it('says when monitoring was paused from the tray', () => {
    const paused = { ...here, mode: 'paused' as const, isAway: true, isHidden: true, isPausedFromTray: true };
    expect(samplingRateText({ ...paused, onScreenSeconds: null, restSeconds: null })).toBe(
      'Paused from the tray: stats paused, logs every 60 s.',
    );
  });
});
