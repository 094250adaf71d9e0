import { variableTypes } from '@shared/contract/template-model';
import { emptySecret, emptyVariable, type SecretForm, type VariableForm } from './editor-model';
import type { FieldProps } from './ManifestFields';
import styles from './marketplace.module.css';

const replaceAt = <T,>(items: readonly T[], index: number, patch: Partial<T>): T[] =>
  items.map((item, i) => (i === index ? { ...item, ...patch } : item));
const removeAt = <T,>(items: readonly T[], index: number): T[] => items.filter((_, i) => i !== index);

/** A select takes its options; any other type may take a pattern its values must match. */
function OptionsOrPattern({
  variable,
  update,
}: {
  variable: VariableForm;
  update: (patch: Partial<VariableForm>) => void;
}) {
  return variable.type === 'select' ? (
    <input
      aria-label="Variable options"
      placeholder="Options: a, b, c"
      value={variable.options}
      onChange={(e) => update({ options: e.target.value })}
    />
  ) : (
    <input
      aria-label="Variable pattern"
      placeholder="Pattern (regex)"
      className="mono"
      value={variable.pattern}
      onChange={(e) => update({ pattern: e.target.value })}
    />
  );
}

function VariableRow({
  variable,
  index,
  update,
  remove,
  errorAt,
}: {
  variable: VariableForm;
  index: number;
  update: (patch: Partial<VariableForm>) => void;
  remove: () => void;
  errorAt: FieldProps['errorAt'];
}) {
  const error = errorAt(`variables[${index}]`);
  return (
    <li className={styles.listEditorRow} aria-label={`Variable ${index + 1}`}>
      <input
        aria-label="Variable name"
        placeholder="NAME"
        className="mono"
        value={variable.name}
        onChange={(e) => update({ name: e.target.value })}
      />
      <input
        aria-label="Variable label"
        placeholder="Label"
        value={variable.label}
        onChange={(e) => update({ label: e.target.value })}
      />
      <select
        aria-label="Variable type"
        value={variable.type}
        onChange={(e) => update({ type: e.target.value as VariableForm['type'] })}
      >
        {variableTypes.map((type) => (
          <option key={type}>{type}</option>
        ))}
      </select>
      <input
        aria-label="Variable default"
        placeholder="Default"
        value={variable.default}
        onChange={(e) => update({ default: e.target.value })}
      />
      <OptionsOrPattern variable={variable} update={update} />
      <label className={styles.inlineField}>
        <input
          type="checkbox"
          checked={variable.required}
          onChange={(e) => update({ required: e.target.checked })}
        />
        Required
      </label>
      <button type="button" className="link-button" onClick={remove}>
        Remove
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </li>
  );
}

function SecretRow({
  secret,
  index,
  update,
  remove,
  errorAt,
}: {
  secret: SecretForm;
  index: number;
  update: (patch: Partial<SecretForm>) => void;
  remove: () => void;
  errorAt: FieldProps['errorAt'];
}) {
  const error = errorAt(`secrets[${index}]`);
  return (
    <li className={styles.listEditorRow} aria-label={`Secret ${index + 1}`}>
      <input
        aria-label="Secret name"
        placeholder="NAME"
        className="mono"
        value={secret.name}
        onChange={(e) => update({ name: e.target.value })}
      />
      <select
        aria-label="Secret kind"
        value={secret.kind}
        onChange={(e) =>
          update({ kind: e.target.value as SecretForm['kind'], size: e.target.value === 'uuid' ? '' : '32' })
        }
      >
        <option value="password">password</option>
        <option value="hex">hex</option>
        <option value="base64">base64</option>
        <option value="uuid">uuid</option>
      </select>
      {secret.kind === 'uuid' ? null : (
        <input
          aria-label={secret.kind === 'password' ? 'Characters' : 'Bytes'}
          type="number"
          value={secret.size}
          onChange={(e) => update({ size: e.target.value })}
        />
      )}
      <input
        aria-label="Secret description"
        placeholder="What it is for"
        value={secret.description}
        onChange={(e) => update({ description: e.target.value })}
      />
      <button type="button" className="link-button" onClick={remove}>
        Remove
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </li>
  );
}

/** Variables the user fills in at deploy time, and secrets generated once per deployment. */
export function VariablesEditor({ form, onChange, errorAt }: FieldProps) {
  return (
    <div className={styles.listEditors}>
      <div>
        <h3>Variables</h3>
        <ul className={styles.listEditor}>
          {form.variables.map((variable, index) => (
            <VariableRow
              key={index}
              variable={variable}
              index={index}
              errorAt={errorAt}
              update={(patch) => onChange({ variables: replaceAt(form.variables, index, patch) })}
              remove={() => onChange({ variables: removeAt(form.variables, index) })}
            />
          ))}
        </ul>
        <button type="button" onClick={() => onChange({ variables: [...form.variables, emptyVariable()] })}>
          Add variable
        </button>
      </div>
      <div>
        <h3>Generated secrets</h3>
        <ul className={styles.listEditor}>
          {form.secrets.map((secret, index) => (
            <SecretRow
              key={index}
              secret={secret}
              index={index}
              errorAt={errorAt}
              update={(patch) => onChange({ secrets: replaceAt(form.secrets, index, patch) })}
              remove={() => onChange({ secrets: removeAt(form.secrets, index) })}
            />
          ))}
        </ul>
        <button type="button" onClick={() => onChange({ secrets: [...form.secrets, emptySecret()] })}>
          Add secret
        </button>
      </div>
    </div>
  );
}
