import type { AlignedData } from 'uplot';

export interface ChartSeries {
  name: string;
  points: { at: number; value: number | null }[];
}

/** Points further apart than this many times the usual spacing are drawn as a gap (the node was away). */
const GAP_FACTOR = 4;

/** The series' points with a null put into every long pause, so the line breaks there. */
export function withGaps(
  points: readonly { at: number; value: number | null }[],
): { at: number; value: number | null }[] {
  const steps = points
    .slice(1)
    .map((p, i) => p.at - (points[i]?.at ?? p.at))
    .sort((a, b) => a - b);
  const usual = steps[Math.floor(steps.length / 2)] ?? 0;
  return points.flatMap((p, i) => {
    const previous = points[i - 1];
    const isAfterPause = previous !== undefined && usual > 0 && p.at - previous.at > usual * GAP_FACTOR;
    return isAfterPause ? [{ at: previous.at + usual, value: null }, p] : [p];
  });
}

/**
 * uPlot's columns: one time axis in seconds and a value column per series. A series' explicit
 * nulls break its line; where only another series has a point, uPlot.join leaves `undefined`,
 * which the line spans.
 */
export function alignSeries(
  series: readonly ChartSeries[],
  join: (tables: AlignedData[]) => AlignedData,
): AlignedData {
  if (series.length === 0) return [[]];
  const tables: AlignedData[] = series.map((s) => {
    const points = withGaps(s.points);
    return [points.map((p) => p.at / 1000), points.map((p) => p.value)];
  });
  return tables.length === 1 ? (tables[0] ?? [[]]) : join(tables);
}

/** The value axis from zero to a tenth above the highest value (1 when all are zero). */
export function valueRange(series: readonly ChartSeries[]): [number, number] {
  const top = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.value ?? 0)));
  return [0, top > 0 ? top * 1.1 : 1];
}
