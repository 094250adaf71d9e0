import { useState } from 'react';
import { useAppStore } from '../../store';
import { CustomerForm } from './CustomerForm';
import styles from './billing.module.css';

export function CustomersTab() {
  const customers = useAppStore((s) => s.customers);
  const remove = useAppStore((s) => s.deleteCustomer);
  const busy = useAppStore((s) => s.billingBusy);
  // 'new' for the creation form, otherwise the id of the customer being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const edited = customers?.find((c) => c.id === editing);
  return (
    <section className="card" aria-labelledby="customers-heading">
      <div className={styles.cardHeader}>
        <h2 id="customers-heading">Customers</h2>
        {editing === null ? (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New customer
          </button>
        ) : null}
      </div>
      {editing === 'new' ? <CustomerForm onDone={() => setEditing(null)} /> : null}
      {edited ? <CustomerForm key={edited.id} customer={edited} onDone={() => setEditing(null)} /> : null}
      {!customers ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="table" aria-label="Customers">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Currency</th>
              <th className={styles.num}>Tax</th>
              <th className={styles.num}>Deployments</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name} {c.isPersonal ? <span className="badge">built in, never invoiced</span> : null}
                  {c.notes ? <div className={`muted ${styles.small}`}>{c.notes}</div> : null}
                </td>
                <td>{c.email ?? '—'}</td>
                <td>{c.currency}</td>
                <td className={styles.num}>
                  {c.taxRateBasisPoints === null ? '—' : `${c.taxRateBasisPoints / 100} %`}
                </td>
                <td className={styles.num}>{c.assignedDeployments}</td>
                <td className={styles.rowActions}>
                  {c.isPersonal ? null : (
                    <>
                      <button type="button" className="link-button" onClick={() => setEditing(c.id)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className={`link-button ${styles.dangerText}`}
                        disabled={busy === `delete-customer:${c.id}`}
                        title={c.assignedDeployments > 0 ? 'Move or delete its deployments first' : undefined}
                        onClick={() => void remove(c.id)}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
