import { useEffect, useState } from 'react';
import type { UsageInterval } from '@shared/contract/billing';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { downloadText } from './download';
import { currentPeriod, formatMoney } from './money';
import styles from './billing.module.css';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function CsvDownload() {
  const csv = useAppStore((s) => s.usageCsv);
  const busy = useAppStore((s) => s.billingBusy);
  const [period, setPeriod] = useState(currentPeriod());
  return (
    <form
      className={styles.inlineForm}
      onSubmit={(event) => {
        event.preventDefault();
        void csv(period).then((file) => file && downloadText(file.fileName, file.csv));
      }}
    >
      <Field label="Month">
        {(id) => (
          <input
            id={id}
            type="month"
            value={period}
            onChange={(event) => setPeriod(event.target.value)}
            required
          />
        )}
      </Field>
      <button type="submit" disabled={busy === 'csv' || !/^\d{4}-\d{2}$/.test(period)}>
        Download CSV
      </button>
    </form>
  );
}

function UsageTable({ usage }: { usage: UsageInterval[] }) {
  const customers = useAppStore((s) => s.customers);
  const currencyOf = (customerId: string) => customers?.find((c) => c.id === customerId)?.currency ?? 'USD';
  return (
    <table className="table" aria-label="Usage history">
      <thead>
        <tr>
          <th>Deployment</th>
          <th>Customer</th>
          <th className={styles.num}>Rate / month</th>
          <th>From</th>
          <th>Until</th>
          <th className={styles.num}>Hours</th>
        </tr>
      </thead>
      <tbody>
        {usage.map((u) => (
          <tr key={u.id}>
            <td>{u.deploymentName}</td>
            <td>{u.customerName}</td>
            <td className={styles.num}>{formatMoney(u.priceMonthlyCents, currencyOf(u.customerId))}</td>
            <td>{when(u.startedAt)}</td>
            <td>
              {u.endedAt ? (
                `${when(u.endedAt)} (${u.endStatus ?? ''}${u.endCause ? `: ${u.endCause}` : ''})`
              ) : (
                <span className="badge badge-ok">still running</span>
              )}
            </td>
            <td className={styles.num}>{u.hours.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UsageTab() {
  const usage = useAppStore((s) => s.usage);
  const load = useAppStore((s) => s.loadUsage);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="card" aria-labelledby="usage-heading">
      <div className={styles.cardHeader}>
        <h2 id="usage-heading">Usage history</h2>
        <CsvDownload />
      </div>
      <p className="muted">
        Every stretch of time a deployment was billable, from its state changes (crashes included).
      </p>
      {!usage ? (
        <p className="muted">Loading…</p>
      ) : usage.length === 0 ? (
        <EmptyState title="No usage recorded yet" />
      ) : (
        <UsageTable usage={usage} />
      )}
    </section>
  );
}
