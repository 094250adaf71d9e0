import { useState } from 'react';
import type { Customer } from '@shared/contract/billing';
import { useAppStore } from '../../store';
import { CustomerForm } from './CustomerForm';
import { CustomerPage } from './CustomerPage';
import styles from './billing.module.css';

function CustomerRow({ customer, onEdit }: { customer: Customer; onEdit: () => void }) {
  const remove = useAppStore((s) => s.deleteCustomer);
  const busy = useAppStore((s) => s.billingBusy);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <tr>
      <td>
        {customer.isPersonal ? (
          customer.name
        ) : (
          <button
            type="button"
            className="link-button"
            onClick={() => navigate({ page: 'billing', id: 'customers', view: customer.id })}
          >
            {customer.name}
          </button>
        )}{' '}
        {customer.isPersonal ? <span className="badge">built in, never invoiced</span> : null}
        {customer.notes ? <div className={`muted ${styles.small}`}>{customer.notes}</div> : null}
      </td>
      <td>{customer.email ?? '—'}</td>
      <td>{customer.currency}</td>
      <td className={styles.num}>
        {customer.taxRateBasisPoints === null ? '—' : `${customer.taxRateBasisPoints / 100} %`}
      </td>
      <td className={styles.num}>{customer.assignedDeployments}</td>
      <td className={styles.rowActions}>
        {customer.isPersonal ? null : (
          <>
            <button type="button" className="link-button" onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              className={`link-button ${styles.dangerText}`}
              disabled={busy === `delete-customer:${customer.id}`}
              title={customer.assignedDeployments > 0 ? 'Move or delete its deployments first' : undefined}
              onClick={() => void remove(customer.id)}
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function CustomersTable({ customers, onEdit }: { customers: Customer[]; onEdit: (id: string) => void }) {
  return (
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
          <CustomerRow key={c.id} customer={c} onEdit={() => onEdit(c.id)} />
        ))}
      </tbody>
    </table>
  );
}

/** `#/billing/customers` lists them; `#/billing/customers/<id>` shows one customer's page. */
export function CustomersTab() {
  const shown = useAppStore((s) => s.route.view);
  return shown ? <CustomerPage customerId={shown} /> : <CustomerList />;
}

function CustomerList() {
  const customers = useAppStore((s) => s.customers);
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
      {customers ? (
        <CustomersTable customers={customers} onEdit={setEditing} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
