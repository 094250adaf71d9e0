import type { Exposure } from '@shared/contract/deployment-model';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import styles from './deployments.module.css';

const exposures: { value: Exposure; label: string; help: string }[] = [
  {
    value: 'private',
    label: 'Private (recommended)',
    help: 'Ports are bound to 127.0.0.1 on the node. This app opens them for you through an SSH tunnel; nobody else can reach them.',
  },
  {
    value: 'public',
    label: 'Public',
    help: "Ports are bound on the node's address: anyone who can reach the node can reach the app, over plain HTTP.",
  },
];

export function AccessFields({
  exposure,
  customerId,
  onExposure,
  onCustomer,
}: {
  exposure: Exposure;
  customerId: string;
  onExposure: (exposure: Exposure) => void;
  onCustomer: (id: string) => void;
}) {
  const customers = useAppStore((s) => s.deployTargets?.customers);
  const help = exposures.find((e) => e.value === exposure)?.help;
  return (
    <fieldset className={`card ${styles.deploySection}`}>
      <legend>Access</legend>
      <fieldset className="segmented" aria-label="Exposure">
        <legend>Exposure</legend>
        {exposures.map((option) => (
          <label key={option.value} className={exposure === option.value ? 'segment selected' : 'segment'}>
            <input
              type="radio"
              name="exposure"
              checked={exposure === option.value}
              onChange={() => onExposure(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <p className="muted">{help}</p>
      {customers && customers.length > 0 ? (
        <Field label="Customer (optional, for billing)" className={styles.customerField}>
          {(id) => (
            <select id={id} value={customerId} onChange={(event) => onCustomer(event.target.value)}>
              <option value="">No customer</option>
              {customers.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </fieldset>
  );
}
