import type { ServiceFacts } from '@shared/contract/deployment-settings';
import { Field, FieldError } from '../../components/Field';
import { newEnvRow, type EnvRow, type ServiceForm } from './settings-form';
import styles from './settings.module.css';

const limitText = (value: number | null, unit: string) => (value === null ? 'none' : `${value}${unit}`);

/** One extra environment variable: name, value, and the yes to replacing the template's own value. */
function EnvRowFields({
  service,
  row,
  error,
  onChange,
  onRemove,
}: {
  service: ServiceFacts;
  row: EnvRow;
  error: string | undefined;
  onChange: (row: EnvRow) => void;
  onRemove: () => void;
}) {
  const isTemplates = service.environmentNames.includes(row.name.trim());
  return (
    <li className={styles.envRow} data-testid="env-row">
      <input
        aria-label={`Name of a variable for ${service.name}`}
        placeholder="NAME"
        value={row.name}
        onChange={(event) => onChange({ ...row, name: event.target.value })}
      />
      <input
        aria-label={`Value of ${row.name || 'the variable'} for ${service.name}`}
        placeholder="value"
        value={row.value}
        onChange={(event) => onChange({ ...row, value: event.target.value })}
      />
      <button
        type="button"
        className="link-button"
        onClick={onRemove}
        aria-label={`Remove ${row.name || 'this variable'}`}
      >
        Remove
      </button>
      {isTemplates ? (
        <label className={styles.replaces}>
          <input
            type="checkbox"
            checked={row.replaces}
            onChange={(event) => onChange({ ...row, replaces: event.target.checked })}
          />
          Replace the template&apos;s value (it may be one of the app&apos;s own secrets)
        </label>
      ) : null}
      {error ? (
        <div className={styles.fullRow}>
          <FieldError message={error} isAlert />
        </div>
      ) : null}
    </li>
  );
}

interface ServiceFieldsProps {
  service: ServiceFacts;
  form: ServiceForm;
  errors: Readonly<Record<string, string>>;
  onChange: (form: ServiceForm) => void;
}

const errorAt = (errors: ServiceFieldsProps['errors'], service: ServiceFacts, field: string) =>
  errors[`${service.name}.${field}`];

/** The extra environment rows, each removable, and a button for one more. */
function EnvFields({ service, form, errors, onChange }: ServiceFieldsProps) {
  const setRow = (next: EnvRow) =>
    onChange({ ...form, env: form.env.map((row) => (row.key === next.key ? next : row)) });
  return (
    <>
      <h4 className={styles.subheading}>Extra environment</h4>
      {form.env.length === 0 ? (
        <p className="muted">No extra variables: the service runs with the template&apos;s environment.</p>
      ) : null}
      <ul className={styles.envRows}>
        {form.env.map((row) => (
          <EnvRowFields
            key={row.key}
            service={service}
            row={row}
            error={errorAt(errors, service, `env.${row.key}`)}
            onChange={setRow}
            onRemove={() => onChange({ ...form, env: form.env.filter((r) => r.key !== row.key) })}
          />
        ))}
      </ul>
      <button type="button" onClick={() => onChange({ ...form, env: [...form.env, newEnvRow()] })}>
        Add variable
      </button>
    </>
  );
}

/** A number typed as text; blank means the default the hint names. */
function NumberField({
  label,
  hint,
  error,
  value,
  placeholder,
  isDisabled = false,
  onChange,
}: {
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  placeholder: string;
  isDisabled?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id) => (
        <input
          id={id}
          inputMode="decimal"
          value={value}
          placeholder={placeholder}
          disabled={isDisabled}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A service's settings: extra environment rows, limits (blank keeps the default shown), replicas. */
export function ServiceSettingsFields(props: ServiceFieldsProps) {
  const { service, form, errors, onChange } = props;
  const limits = service.defaultLimits;
  return (
    <fieldset className={styles.service} data-testid={`service-settings-${service.name}`}>
      <legend>
        {service.name} <span className="muted">{service.image}</span>
      </legend>
      <EnvFields {...props} />
      <div className={styles.numbers}>
        <NumberField
          label="CPU cores"
          hint={`Blank: ${limitText(limits.cpuCores, '')}`}
          error={errorAt(errors, service, 'cpuCores')}
          value={form.cpuCores}
          placeholder={String(limits.cpuCores ?? '')}
          onChange={(cpuCores) => onChange({ ...form, cpuCores })}
        />
        <NumberField
          label="Memory (MB)"
          hint={`Blank: ${limitText(limits.memoryMb, ' MB')}`}
          error={errorAt(errors, service, 'memoryMb')}
          value={form.memoryMb}
          placeholder={String(limits.memoryMb ?? '')}
          onChange={(memoryMb) => onChange({ ...form, memoryMb })}
        />
        <NumberField
          label="Replicas"
          hint={
            service.scaleRefusal
              ? `Runs once: ${service.scaleRefusal}.`
              : 'Copies behind the service name; only the first publishes its ports.'
          }
          error={errorAt(errors, service, 'replicas')}
          value={form.replicas}
          placeholder="1"
          isDisabled={service.scaleRefusal !== null && form.replicas === '1'}
          onChange={(replicas) => onChange({ ...form, replicas })}
        />
      </div>
    </fieldset>
  );
}
