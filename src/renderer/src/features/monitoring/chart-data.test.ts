import uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { alignSeries, valueRange, withGaps } from './chart-data';

const at = (seconds: number) => seconds * 1000;

describe('chart data', () => {
  it('breaks the line where the samples paused', () => {
    const points = [0, 10, 20, 30, 200, 210].map((s) => ({ at: at(s), value: 1 }));
    expect(withGaps(points).map((p) => [p.at / 1000, p.value])).toEqual([
      [0, 1],
      [10, 1],
      [20, 1],
      [30, 1],
      [40, null],
      [200, 1],
      [210, 1],
    ]);
  });

  it('puts series with different sample times on one time axis in seconds', () => {
    const data = alignSeries(
      [
        {
          name: 'web',
          points: [
            { at: at(10), value: 1 },
            { at: at(20), value: 2 },
          ],
        },
        { name: 'db', points: [{ at: at(15), value: 5 }] },
      ],
      (tables) => uPlot.join(tables),
    );
    expect(data).toEqual([
      [10, 15, 20],
      [1, undefined, 2],
      [undefined, 5, undefined],
    ]);
  });

  it('ranges the values from zero with headroom, and to one when all are zero', () => {
    const [low, high] = valueRange([
      {
        name: 'a',
        points: [
          { at: 0, value: 50 },
          { at: 1, value: null },
        ],
      },
    ]);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(55);
    expect(valueRange([{ name: 'a', points: [{ at: 0, value: 0 }] }])).toEqual([0, 1]);
  });
});
