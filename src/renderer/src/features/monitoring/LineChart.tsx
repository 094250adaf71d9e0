import type { StatsRange } from '@shared/contract/monitoring';
import { formatAxisTime } from './monitoring-format';
import styles from './monitoring.module.css';

export interface ChartSeries {
  name: string;
  points: { at: number; value: number | null }[];
}

// Drawing units; the SVG stretches to its box, so text lives in HTML around it, never inside.
const WIDTH = 600;
const HEIGHT = 150;
const TOP = 6;
export const palette = [
  '#0f766e',
  '#7c3aed',
  '#dc2626',
  '#2563eb',
  '#d97706',
  '#059669',
  '#db2777',
  '#4b5563',
];

/** Points further apart than this many times the usual spacing are drawn as a gap (the node was away). */
const GAP_FACTOR = 4;

function pathOf(points: { x: number; y: number; at: number }[]): string {
  const steps = points
    .slice(1)
    .map((p, i) => p.at - (points[i]?.at ?? p.at))
    .sort((a, b) => a - b);
  const usual = steps[Math.floor(steps.length / 2)] ?? 0;
  return points
    .map((p, i) => {
      const previous = points[i - 1];
      const next = points[i + 1];
      const isBreak = !previous || (usual > 0 && p.at - previous.at > usual * GAP_FACTOR);
      const isAlone = isBreak && (!next || (usual > 0 && next.at - p.at > usual * GAP_FACTOR));
      // A point with no neighbour is drawn as a dot (a zero-length stroke with round caps).
      return `${isBreak ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}${isAlone ? 'l0.01,0' : ''}`;
    })
    .join('');
}

/** A plain SVG line chart: one line per series over [from, to], the value axis from zero. */
export function LineChart({
  title,
  series,
  format,
  range,
  from,
  to,
}: {
  title: string;
  series: ChartSeries[];
  format: (value: number) => string;
  range: StatsRange;
  from: number;
  to: number;
}) {
  const values = series.flatMap((s) => s.points.map((p) => p.value).filter((v): v is number => v !== null));
  const top = Math.max(...values, 0) || 1;
  const max = top * 1.1;
  const x = (at: number) => ((at - from) / Math.max(1, to - from)) * WIDTH;
  const y = (value: number) => TOP + (1 - value / max) * (HEIGHT - TOP);
  return (
    <figure className={styles.chart} data-testid="chart" data-title={title}>
      <figcaption>
        <span className={styles.chartTitle}>{title}</span>
        <span className={styles.chartLegend}>
          {series.map((s, i) => {
            const latest = s.points.findLast((p) => p.value !== null)?.value ?? null;
            return (
              <span key={s.name} className={styles.chartKey}>
                <span className={styles.chartSwatch} style={{ background: palette[i % palette.length] }} />
                {s.name} {latest === null ? '—' : format(latest)}
              </span>
            );
          })}
        </span>
      </figcaption>
      {values.length === 0 ? (
        <p className={`${styles.chartEmpty} muted`}>No samples in this range.</p>
      ) : (
        <div className={styles.chartBody}>
          <div className={styles.chartY}>
            <span>{format(top)}</span>
            <span>{format(0)}</span>
          </div>
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            role="img"
            aria-label={`${title} over the last ${range}`}
            preserveAspectRatio="none"
          >
            <line x1={0} x2={WIDTH} y1={y(top)} y2={y(top)} className={styles.chartRule} />
            <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className={styles.chartAxis} />
            {series.map((s, i) => {
              const points = s.points.flatMap((p) =>
                p.value === null ? [] : [{ x: x(p.at), y: y(p.value), at: p.at }],
              );
              return (
                <path
                  key={s.name}
                  d={pathOf(points)}
                  className={styles.chartLine}
                  stroke={palette[i % palette.length]}
                />
              );
            })}
          </svg>
          <div className={styles.chartX}>
            <span>{formatAxisTime(from, range)}</span>
            <span>{formatAxisTime((from + to) / 2, range)}</span>
            <span>{formatAxisTime(to, range)}</span>
          </div>
        </div>
      )}
    </figure>
  );
}
