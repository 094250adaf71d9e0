import type { SamplingRate } from '@shared/contract/sampling';

/** 5 s, 60 s, 4 min, 1 h: seconds up to two minutes, then minutes, then hours. */
export function formatEvery(seconds: number): string {
  if (seconds <= 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round((seconds / 60) * 10) / 10} min`;
  return `${Math.round((seconds / 3600) * 10) / 10} h`;
}

function why(rate: SamplingRate): string {
  if (rate.isPausedFromTray) return 'Paused from the tray';
  if (!rate.isAway) return 'Now';
  if (rate.isOnBattery && rate.isHidden) return 'On battery with the window hidden';
  return rate.isOnBattery ? 'On battery' : 'Window hidden';
}

function stats(rate: SamplingRate): string {
  const logs = `logs every ${formatEvery(rate.restLogsSeconds)}`;
  if (rate.onScreenSeconds === null) return `stats paused, ${logs}`;
  const onScreen = `every ${formatEvery(rate.onScreenSeconds)}`;
  if (rate.restSeconds === null)
    return `${onScreen} for what is on screen; stats of the rest paused, ${logs}`;
  if (rate.isAway && rate.isHidden) return `${onScreen} for everything (nothing is on screen)`;
  return `${onScreen} for what is on screen, every ${formatEvery(rate.restSeconds)} for the rest`;
}

/** The line Settings shows, e.g. "Now: every 5 s for what is on screen, every 60 s for the rest; 12 quiet containers every 5 min at most." */
export function samplingRateText(rate: SamplingRate): string {
  const quiet =
    rate.quietContainers === 0
      ? ''
      : `; ${rate.quietContainers} quiet ${rate.quietContainers === 1 ? 'container' : 'containers'} every ${formatEvery(rate.quietCeilingSeconds)} at most`;
  return `${why(rate)}: ${stats(rate)}${quiet}.`;
}
