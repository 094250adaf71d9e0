import type { TemplateVariable } from '@shared/contract/template-model';
import { Field } from '../../components/Field';
import styles from './deployments.module.css';

const inputType: Partial<Record<TemplateVariable['type'], string>> = {
  number: 'number',
  password: 'password',
  email: 'email',
  url: 'url',
};

function VariableLabel({ variable }: { variable: TemplateVariable }) {
  return (
    <>
      {variable.label}
      {variable.required ? (
        <span className={styles.required} aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </>
  );
}

/** A config file's contents and the like: many lines, monospaced, no spell check. */
function MultilineInput(props: {
  id: string;
  isRequired: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <textarea
      id={props.id}
      className="mono"
      rows={8}
      value={props.value}
      required={props.isRequired}
      spellCheck={false}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

function VariableInput({
  id,
  variable,
  value,
  onChange,
  placeholder,
}: {
  id: string;
  variable: TemplateVariable;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string | undefined;
}) {
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
  if (variable.type === 'multiline')
    return <MultilineInput id={id} isRequired={variable.required} value={value} onChange={onChange} />;
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
        <Field
          key={variable.name}
          label={<VariableLabel variable={variable} />}
          hint={[variable.description, variable.type === 'password' ? passwordHint : undefined]}
          error={errors[variable.name]}
          isErrorAlert
          className={
            variable.type === 'boolean'
              ? styles.fieldInline
              : variable.type === 'multiline'
                ? styles.fieldWide
                : undefined
          }
        >
          {(id) => (
            <VariableInput
              id={id}
              variable={variable}
              value={values[variable.name] ?? ''}
              placeholder={variable.type === 'password' && passwordHint ? 'unchanged' : undefined}
              onChange={(value) => onChange(variable.name, value)}
            />
          )}
        </Field>
      ))}
    </div>
  );
}
