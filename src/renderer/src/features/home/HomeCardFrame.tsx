import type { ReactNode } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { HomeCard } from '../../store/home-slice';
import styles from './home.module.css';

/**
 * One card on Home: its title, then its figures once its call answered, or that call's error in the
 * card itself, so one failing call leaves the rest of Home readable.
 */
export function HomeCardFrame<T>({
  title,
  card,
  children,
}: {
  title: string;
  card: HomeCard<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <section className={`card ${styles.homeCard}`} aria-label={title}>
      <h2>{title}</h2>
      <ErrorBanner error={card.error} />
      {card.data !== null ? children(card.data) : card.error ? null : <p className="muted">Loading…</p>}
    </section>
  );
}

/** A figure that opens the page it counts: "3 online". */
export function Figure({
  count,
  label,
  tone,
  onOpen,
}: {
  count: number | string;
  label: string;
  tone?: 'ok' | 'warn' | 'error' | undefined;
  onOpen: () => void;
}) {
  return (
    <button
      type="button"
      className={`${styles.figure} ${tone ? styles[tone] : ''}`}
      data-testid="home-figure"
      onClick={onOpen}
    >
      <span className={styles.figureValue}>{count}</span>
      <span className={styles.figureLabel}>{label}</span>
    </button>
  );
}
