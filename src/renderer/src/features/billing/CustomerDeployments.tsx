import { useEffect, useState } from 'react';
import type { Customer } from '@shared/contract/billing';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { deploymentsOf, unassignedDeployments } from './customer-deployments';
import { formatMoney } from './money';
import styles from './billing.module.css';

/** Asks before a deployment leaves the customer, saying where its metered time goes from now. */
function RemoveDialog({
  customer,
  deployment,
  onClose,
}: {
  customer: Customer;
  deployment: DeploymentSummary;
  onClose: () => void;
}) {
  const setCustomer = useAppStore((s) => s.setDeploymentCustomer);
  return (
    <ConfirmDialog
      title={`Remove ${deployment.name} from ${customer.name}?`}
      confirmLabel="Remove"
      pendingLabel="Removing…"
      action={() => setCustomer({ id: deployment.id, customerId: null })}
      onClose={onClose}
    >
      <p>
        From now on {deployment.name} is metered with no customer and is not invoiced to {customer.name}. The
        time it ran until now stays with {customer.name}.
      </p>
    </ConfirmDialog>
  );
}

function AssignedTable({
  customer,
  assigned,
  onRemove,
}: {
  customer: Customer;
  assigned: DeploymentSummary[];
  onRemove: (deployment: DeploymentSummary) => void;
}) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <table className="table" aria-label={`Deployments of ${customer.name}`}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Status</th>
          <th className={styles.num}>Price a month</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {assigned.map((d) => (
          <tr key={d.id}>
            <td>
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ page: 'deployments', id: d.id })}
              >
                {d.name}
              </button>
            </td>
            <td>{d.status}</td>
            <td className={styles.num}>{formatMoney(d.priceMonthlyCents, customer.currency)}</td>
            <td className={styles.rowActions}>
              <button
                type="button"
                className={`link-button ${styles.dangerText}`}
                aria-label={`Remove ${d.name}`}
                onClick={() => onRemove(d)}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AssignForm({ customer, unassigned }: { customer: Customer; unassigned: DeploymentSummary[] }) {
  const setCustomer = useAppStore((s) => s.setDeploymentCustomer);
  const [chosen, setChosen] = useState('');
  const assigning = useAction(async (id: string) => {
    await setCustomer({ id, customerId: customer.id });
    setChosen('');
  });
  if (unassigned.length === 0) return <p className="muted">Every deployment has a customer.</p>;
  return (
    <form
      className={styles.inlineForm}
      aria-label="Assign a deployment"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) void assigning.run(chosen);
      }}
    >
      <ErrorBanner error={assigning.error} />
      <Field label="Assign a deployment" hint="Its metering for this customer starts now.">
        {(id) => (
          <select id={id} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">Choose a deployment…</option>
            {unassigned.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="primary" disabled={!chosen || assigning.isPending}>
        {assigning.isPending ? 'Assigning…' : 'Assign'}
      </button>
    </form>
  );
}

/** The customer's deployments from the store's live list, each removable, and the ones to assign. */
export function CustomerDeployments({ customer }: { customer: Customer }) {
  const deployments = useAppStore((s) => s.deployments);
  const error = useAppStore((s) => s.deploymentsError);
  const load = useAppStore((s) => s.loadDeployments);
  const watch = useAppStore((s) => s.watchDeployments);
  const [removing, setRemoving] = useState<DeploymentSummary | null>(null);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);
  const assigned = deployments ? deploymentsOf(deployments, customer.id) : [];
  return (
    <section className="card" aria-labelledby="customer-deployments-heading">
      <h2 id="customer-deployments-heading">Deployments</h2>
      <ErrorBanner error={error} />
      {deployments === null ? <p className="muted">Loading…</p> : null}
      {deployments !== null && assigned.length === 0 ? (
        <p className="muted">No deployment is assigned to {customer.name}.</p>
      ) : null}
      {assigned.length > 0 ? (
        <AssignedTable customer={customer} assigned={assigned} onRemove={setRemoving} />
      ) : null}
      {deployments ? (
        <AssignForm customer={customer} unassigned={unassignedDeployments(deployments)} />
      ) : null}
      {removing ? (
        <RemoveDialog customer={customer} deployment={removing} onClose={() => setRemoving(null)} />
      ) : null}
    </section>
  );
}
