import type { Customer } from '@shared/contract/billing';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import { CustomerDeployments } from './CustomerDeployments';

function CustomerFacts({ customer }: { customer: Customer }) {
  return (
    <section className="card" aria-labelledby="customer-heading">
      <h2 id="customer-heading">{customer.name}</h2>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{customer.email ?? '—'}</dd>
        <dt>Currency</dt>
        <dd>{customer.currency}</dd>
        <dt>Tax</dt>
        <dd>{customer.taxRateBasisPoints === null ? '—' : `${customer.taxRateBasisPoints / 100} %`}</dd>
        {customer.notes ? (
          <>
            <dt>Notes</dt>
            <dd>{customer.notes}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** `#/billing/customers/<id>`: one customer, and the deployments billed to them. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const customers = useAppStore((s) => s.customers);
  const navigate = useAppStore((s) => s.navigate);
  const customer = customers?.find((c) => c.id === customerId && !c.isPersonal);
  const back = (
    <button
      type="button"
      className="link-button back-link"
      onClick={() => navigate({ page: 'billing', id: 'customers' })}
    >
      ← All customers
    </button>
  );
  if (!customer) {
    return (
      <>
        {back}
        {customers ? (
          <EmptyState title="Customer not found">
            <p>There is no customer with id {customerId}. It may have been deleted.</p>
          </EmptyState>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </>
    );
  }
  return (
    <>
      {back}
      <CustomerFacts customer={customer} />
      <CustomerDeployments customer={customer} />
    </>
  );
}
