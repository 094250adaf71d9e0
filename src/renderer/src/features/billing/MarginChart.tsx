import type { Margins } from '@shared/contract/billing';
import { formatMoney, formatPeriod } from './money';
import styles from './billing.module.css';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, bottom: 36, left: 8 };

interface MonthBarsProps {
  month: Margins['months'][number];
  currency: string;
  /** The middle of the month's slot. */
  x: number;
  bar: number;
  heightOf: (cents: number) => number;
}

function MonthBars({ month, currency, x, bar, heightOf }: MonthBarsProps) {
  const revenue = heightOf(month.revenueCents);
  const cost = heightOf(month.nodeCostCents);
  const label = `${formatPeriod(month.period)}: revenue ${formatMoney(month.revenueCents, currency)}, node costs ${formatMoney(month.nodeCostCents, currency)}, margin ${formatMoney(month.marginCents, currency)}${month.isPartial ? ' (so far)' : ''}`;
  return (
    <g>
      <title>{label}</title>
      <rect
        className={styles.barRevenue}
        x={x - bar - 1}
        y={HEIGHT - PAD.bottom - revenue}
        width={bar}
        height={revenue}
      />
      <rect className={styles.barCost} x={x + 1} y={HEIGHT - PAD.bottom - cost} width={bar} height={cost} />
      <text x={x} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" className={styles.chartLabel}>
        {month.period.slice(2).replace('-', '/')}
      </text>
      <text
        x={x}
        y={HEIGHT - PAD.bottom + 30}
        textAnchor="middle"
        className={month.marginCents < 0 ? `${styles.chartLabel} ${styles.negative}` : styles.chartLabel}
      >
        {formatMoney(month.marginCents, currency)}
      </text>
    </g>
  );
}

/** Revenue and node costs per month as paired bars, in plain SVG. */
export function MarginChart({ margins }: { margins: Margins }) {
  const peak = Math.max(1, ...margins.months.flatMap((m) => [m.revenueCents, m.nodeCostCents]));
  const slot = (WIDTH - PAD.left) / margins.months.length;
  const bar = Math.min(28, slot / 3);
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const heightOf = (cents: number) => Math.round((cents / peak) * plot);
  return (
    <figure className={styles.marginChart}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Revenue against node costs per month">
        <line
          x1={PAD.left}
          x2={WIDTH}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
          className={styles.axis}
        />
        {margins.months.map((month, index) => (
          <MonthBars
            key={month.period}
            month={month}
            currency={margins.currency}
            x={PAD.left + index * slot + slot / 2}
            bar={bar}
            heightOf={heightOf}
          />
        ))}
      </svg>
      <figcaption className="muted">
        <span className={`${styles.legend} ${styles.legendRevenue}`} /> Revenue{' '}
        <span className={`${styles.legend} ${styles.legendCost}`} /> Node costs · margin under each month, in{' '}
        {margins.currency}.
        {margins.excludedCurrencies.length > 0
          ? ` Revenue in ${margins.excludedCurrencies.join(', ')} is not compared.`
          : ''}
      </figcaption>
    </figure>
  );
}
