import type { StatsRange } from '@shared/contract/monitoring';
import { useCallback } from 'react';
import uPlot, { type Options } from 'uplot';
import { alignSeries, valueRange, type ChartSeries } from './chart-data';
import styles from './monitoring.module.css';
import { useUplot } from './use-uplot';

export type { ChartSeries } from './chart-data';

const HEIGHT = 190;
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

interface ChartProps {
  title: string;
  series: ChartSeries[];
  format: (value: number) => string;
  range: StatsRange;
  from: number;
  to: number;
}
type Plotted = Pick<ChartProps, 'series' | 'format' | 'from' | 'to'>;

/** The chart's colours from the theme's tokens, read when it is built. */
function themeColours(element: Element) {
  const style = getComputedStyle(element);
  return {
    muted: style.getPropertyValue('--muted').trim(),
    border: style.getPropertyValue('--border').trim(),
  };
}

function chartOptions(width: number, props: Plotted, colours: { muted: string; border: string }): Options {
  const axis = {
    stroke: colours.muted,
    grid: { stroke: colours.border, width: 1 },
    ticks: { show: false },
    font: '10px system-ui, sans-serif',
  };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    // Drag across to zoom into a stretch of time; a double click shows the whole range again.
    cursor: { drag: { x: true, y: false } },
    scales: {
      x: { time: true, range: () => [props.from / 1000, props.to / 1000] },
      y: { range: () => valueRange(props.series) },
    },
    axes: [axis, { ...axis, size: 60, values: (_chart, splits) => splits.map((v) => props.format(v)) }],
    series: [
      {},
      ...props.series.map((s, i) => ({
        label: s.name,
        stroke: palette[i % palette.length] ?? '#0f766e',
        width: 1.8,
        points: { show: false },
        value: (_chart: uPlot, v: number | null) => (v === null ? '—' : props.format(v)),
      })),
    ],
  };
}

function Legend({ series, format }: { series: ChartSeries[]; format: (value: number) => string }) {
  return (
    <span className={styles.chartLegend}>
      {series.map((s, i) => {
        const latest = s.points.findLast((p) => p.value !== null)?.value ?? null;
        return (
          <span key={s.name} className={styles.chartKey} data-testid="chart-series">
            <span className={styles.chartSwatch} style={{ background: palette[i % palette.length] }} />
            {s.name} {latest === null ? '—' : format(latest)}
          </span>
        );
      })}
    </span>
  );
}

/** A time-series chart on uPlot: one line per series over [from, to], the value axis from zero. */
export function LineChart({ title, series, format, range, from, to }: ChartProps) {
  const hasValues = series.some((s) => s.points.some((p) => p.value !== null));
  const build = useCallback(
    (width: number) =>
      hasValues
        ? {
            options: chartOptions(
              width,
              { series, format, from, to },
              themeColours(document.documentElement),
            ),
            data: alignSeries(series, (tables) => uPlot.join(tables)),
          }
        : null,
    [hasValues, series, format, from, to],
  );
  const ref = useUplot(build);
  return (
    <figure className={styles.chart} data-testid="chart" data-title={title}>
      <figcaption>
        <span className={styles.chartTitle}>{title}</span>
        <Legend series={series} format={format} />
      </figcaption>
      {hasValues ? (
        <div
          ref={ref}
          className={styles.chartBody}
          role="img"
          aria-label={`${title} over the last ${range}`}
        />
      ) : (
        <p className={`muted ${styles.chartEmpty}`}>No samples in this range.</p>
      )}
    </figure>
  );
}
