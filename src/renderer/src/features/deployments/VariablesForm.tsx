import type { TemplateVariable } from '@shared/contract/template-model';
import { FieldError } from './FieldError';
import styles from './deployments.module.css';

const inputType: Partial<Record<TemplateVariable['type'], string>> = {
  number: 'number',
  password: 'password',
  email: 'email',
  url: 'url',
};

function VariableInput({
  variable,
  value,
  onChange,
  placeholder,
}: {
  variable: TemplateVariable;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string | undefined;
}) {
  const id = `variable-${variable.name}`;
  if (variable.type === 'boolean') {
    return (
      <input
        id={id}
        type="checkbox"
        checked={value === 'true'}
        onChange={(event) => onChange(event.target.checked ? 'true' : 'false')}
      />
    );
  }
  if (variable.type === 'select') {
    return (
      <select
        id={id}
        value={value}
        required={variable.required}
        onChange={(event) => onChange(event.target.value)}
      >
        {variable.required && value !== '' ? null : <option value="">—</option>}
        {(variable.options ?? []).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  }
  // No `pattern` attribute: the browser would run it through its backtracking engine on every
  // keystroke, in JavaScript's syntax; checkValue runs it with RE2 (src/shared/template-pattern.ts).
  return (
    <input
      id={id}
      type={inputType[variable.type] ?? 'text'}
      value={value}
      required={variable.required}
      placeholder={placeholder ?? variable.default}
      autoComplete={variable.type === 'password' ? 'new-password' : 'off'}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** One input per template variable, typed; errors arrive by variable name. */
export function VariablesForm({
  variables,
  values,
  errors,
  onChange,
  passwordHint,
}: {
  variables: readonly TemplateVariable[];
  values: Readonly<Record<string, string>>;
  errors: Readonly<Record<string, string>>;
  onChange: (name: string, value: string) => void;
  /** Shown under password fields, e.g. that a blank one keeps the current value. */
  passwordHint?: string;
}) {
  if (variables.length === 0) return <p className="muted">This template asks for no settings.</p>;
  return (
    <div className={`form-grid ${styles.deployVariables}`}>
      {variables.map((variable) => (
        <div
          key={variable.name}
          className={variable.type === 'boolean' ? `field ${styles.fieldInline}` : 'field'}
        >
          <label htmlFor={`variable-${variable.name}`}>
            {variable.label}
            {variable.required ? (
              <span className={styles.required} aria-hidden="true">
                {' '}
                *
              </span>
            ) : null}
          </label>
          <VariableInput
            variable={variable}
            value={values[variable.name] ?? ''}
            placeholder={variable.type === 'password' && passwordHint ? 'unchanged' : undefined}
            onChange={(value) => onChange(variable.name, value)}
          />
          {variable.description ? (
            <span className={`muted ${styles.hint}`}>{variable.description}</span>
          ) : null}
          {variable.type === 'password' && passwordHint ? (
            <span className={`muted ${styles.hint}`}>{passwordHint}</span>
          ) : null}
          <FieldError message={errors[variable.name]} />
        </div>
      ))}
    </div>
  );
}
