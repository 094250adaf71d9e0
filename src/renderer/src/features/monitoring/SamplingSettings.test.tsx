import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SamplingRateLine } from './SamplingSettings';

const rate = {
  mode: 'slower' as const,
  isOnBattery: true,
  isHidden: false,
  isAway: true,
  isPausedFromTray: false,
  onScreenSeconds: 5,
  restSeconds: 240,
  restLogsSeconds: 240,
  quietContainers: 3,
  quietCeilingSeconds: 300,
};

describe('SamplingRateLine', () => {
  it('shows the current rate as the core tells it', () => {
    expect(renderToStaticMarkup(<SamplingRateLine rate={rate} error={null} />)).toContain(
      'On battery: every 5 s for what is on screen, every 4 min for the rest; 3 quiet containers every 5 min at most.',
    );
  });

  it('says it is still reading before the first answer, and shows an error instead of a stale line', () => {
    expect(renderToStaticMarkup(<SamplingRateLine rate={null} error={null} />)).toContain('Reading the current rate');
    const failed = renderToStaticMarkup(
      <SamplingRateLine rate={rate} error={{ code: 'internal', message: 'The core did not answer.' }} />,
    );
    expect(failed).toContain('The core did not answer.');
    expect(failed).not.toContain('On battery');
  });
});
