import type { Margins, MonthSummary } from '@shared/contract/billing';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import { MarginChart } from './MarginChart';
import { formatMoney, formatPeriod } from './money';
import styles from './billing.module.css';

function MonthToDate({ summary }: { summary: MonthSummary }) {
  return (
    <section className="card" aria-labelledby="mtd-heading">
      <h2 id="mtd-heading">{formatPeriod(summary.period)}, to date</h2>
      {summary.customers.length === 0 ? (
        <EmptyState title="Nothing running yet this month">
          Deployments are metered from the moment they run.
        </EmptyState>
      ) : (
        <table className="table" aria-label="Month to date per customer">
          <thead>
            <tr>
              <th>Customer</th>
              <th className={styles.num}>Deployments</th>
              <th className={styles.num}>Hours</th>
              <th className={styles.num}>Amount</th>
            </tr>
          </thead>
          <tbody>
            {summary.customers.map((c) => (
              <tr key={c.customerId}>
                <td>
                  {c.customerName} {c.isPersonal ? <span className="badge">never invoiced</span> : null}
                </td>
                <td className={styles.num}>{c.deployments}</td>
                <td className={styles.num}>{c.hours.toFixed(2)}</td>
                <td className={styles.num}>{formatMoney(c.amountCents, c.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PerDeployment({ summary }: { summary: MonthSummary }) {
  return (
    <section className="card" aria-labelledby="deployments-heading">
      <h2 id="deployments-heading">Per deployment</h2>
      <table className="table" aria-label="Month to date per deployment">
        <thead>
          <tr>
            <th>Deployment</th>
            <th>Customer</th>
            <th className={styles.num}>Rate / month</th>
            <th className={styles.num}>Hours</th>
            <th className={styles.num}>Amount</th>
          </tr>
        </thead>
        <tbody>
          {summary.deployments.map((d) => (
            <tr key={`${d.deploymentId}:${d.customerId}:${d.priceMonthlyCents}`}>
              <td>
                {d.deploymentName} <span className="muted">{d.templateName}</span>{' '}
                {d.isRunning ? <span className="badge badge-ok">running</span> : null}
              </td>
              <td>{d.customerName}</td>
              <td className={styles.num}>{formatMoney(d.priceMonthlyCents, d.currency)}</td>
              <td className={styles.num}>{d.hours.toFixed(2)}</td>
              <td className={styles.num}>{formatMoney(d.amountCents, d.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`muted ${styles.small}`}>{summary.roundingRule}</p>
    </section>
  );
}

function Margin({ margins }: { margins: Margins }) {
  return (
    <section className="card" aria-labelledby="margin-heading">
      <h2 id="margin-heading">Revenue against node costs</h2>
      <MarginChart margins={margins} />
      {margins.nodes.length === 0 ? (
        <p className="muted">No node has a monthly cost yet; set one on the Nodes page to see your margin.</p>
      ) : null}
    </section>
  );
}

export function OverviewTab() {
  const summary = useAppStore((s) => s.summary);
  const margins = useAppStore((s) => s.margins);
  if (!summary) return <p className="muted">Loading…</p>;
  return (
    <>
      <MonthToDate summary={summary} />
      {summary.deployments.length > 0 ? <PerDeployment summary={summary} /> : null}
      {margins ? <Margin margins={margins} /> : null}
    </>
  );
}
