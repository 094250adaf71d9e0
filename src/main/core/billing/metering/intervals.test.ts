import { describe, expect, it } from 'vitest';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { intervalsFromTransitions, type MeteredTransition } from './intervals';

const t = (to: DeploymentStatus, iso: string, extra: Partial<MeteredTransition> = {}): MeteredTransition => ({
  to,
  atMs: Date.parse(iso),
  customerId: 'cus_a',
  priceMonthlyCents: 1000,
  cause: 'user',
  ...extra,
});
const spans = (transitions: MeteredTransition[]) =>
  intervalsFromTransitions(transitions).map((i) => [
    new Date(i.startedMs).toISOString().slice(0, 16),
    i.endedMs === null ? null : new Date(i.endedMs).toISOString().slice(0, 16),
    i.customerId,
    i.priceMonthlyCents,
  ]);

describe('intervals from transitions', () => {
  it('counts only time in billable statuses, and a crash ends the interval at the crash time', () => {
    expect(
      spans([
        t('starting', '2026-03-01T09:00:00Z'),
        t('running', '2026-03-01T10:00:00Z'),
        t('degraded', '2026-03-02T10:00:00Z'),
        t('failed', '2026-03-03T10:00:00Z', { cause: 'crash' }),
        t('starting', '2026-03-05T10:00:00Z'),
        t('running', '2026-03-05T10:05:00Z'),
      ]),
    ).toEqual([
      ['2026-03-01T10:00', '2026-03-03T10:00', 'cus_a', 1000],
      ['2026-03-05T10:05', null, 'cus_a', 1000],
    ]);
  });

  it('places a late event (a crash reconciled after the app was closed) where it happened', () => {
    const inOrder = [
      t('running', '2026-03-01T00:00:00Z'),
      t('failed', '2026-03-02T00:00:00Z', { cause: 'crash' }),
      t('stopped', '2026-03-04T00:00:00Z'),
    ];
    const asArrived = [inOrder[0]!, inOrder[2]!, inOrder[1]!];
    expect(spans(asArrived)).toEqual(spans(inOrder));
    expect(spans(asArrived)).toEqual([['2026-03-01T00:00', '2026-03-02T00:00', 'cus_a', 1000]]);
  });

  it('splits at a change of customer or price while running', () => {
    expect(
      spans([
        t('running', '2026-03-01T00:00:00Z'),
        t('running', '2026-03-10T00:00:00Z', { customerId: 'cus_b', cause: 'customer-changed' }),
        t('running', '2026-03-20T00:00:00Z', {
          customerId: 'cus_b',
          priceMonthlyCents: 2000,
          cause: 'price-changed',
        }),
        t('stopping', '2026-03-25T00:00:00Z'),
      ]),
    ).toEqual([
      ['2026-03-01T00:00', '2026-03-10T00:00', 'cus_a', 1000],
      ['2026-03-10T00:00', '2026-03-20T00:00', 'cus_b', 1000],
      ['2026-03-20T00:00', '2026-03-25T00:00', 'cus_b', 2000],
    ]);
  });

  it('ignores changes while not billable and drops zero-length intervals', () => {
    expect(
      spans([
        t('stopped', '2026-03-01T00:00:00Z'),
        t('stopped', '2026-03-02T00:00:00Z', { customerId: 'cus_b', cause: 'customer-changed' }),
        t('running', '2026-03-03T00:00:00Z'),
        t('failed', '2026-03-03T00:00:00Z'),
      ]),
    ).toEqual([]);
  });
});
