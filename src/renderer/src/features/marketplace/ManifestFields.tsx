import { templateCategories } from '@shared/contract/template-model';
import { Field } from '../../components/Field';
import { slugify, type ManifestForm } from './editor-model';
import { categoryLabel } from './template-format';
import styles from './marketplace.module.css';

type TextKey = { [K in keyof ManifestForm]: ManifestForm[K] extends string ? K : never }[keyof ManifestForm];

export interface FieldProps {
  form: ManifestForm;
  onChange: (patch: Partial<ManifestForm>) => void;
  /** The engine's message for a manifest path (`resources.memory_mb`), if it has one. */
  errorAt: (path: string) => string | undefined;
}

interface TextFieldProps extends FieldProps {
  field: TextKey;
  label: string;
  /** The manifest path the engine names in its messages. */
  path: string;
  type?: string;
  step?: string;
  placeholder?: string;
}

function TextField({ form, onChange, errorAt, field, label, path, ...extra }: TextFieldProps) {
  return (
    <Field label={label} error={errorAt(path)}>
      {(id) => (
        <input
          id={id}
          value={form[field]}
          aria-invalid={errorAt(path) ? true : undefined}
          onChange={(event) => onChange({ [field]: event.target.value })}
          {...extra}
        />
      )}
    </Field>
  );
}

function NameAndSlug({ form, onChange, errorAt, isSlugLocked }: FieldProps & { isSlugLocked: boolean }) {
  return (
    <>
      <Field label="Name" error={errorAt('name')}>
        {(id) => (
          <input
            id={id}
            value={form.name}
            aria-invalid={errorAt('name') ? true : undefined}
            onChange={(event) =>
              onChange(
                isSlugLocked
                  ? { name: event.target.value }
                  : { name: event.target.value, slug: slugify(event.target.value) },
              )
            }
          />
        )}
      </Field>
      <Field label="Slug" error={errorAt('slug')}>
        {(id) => (
          <input
            id={id}
            value={form.slug}
            disabled={isSlugLocked}
            onChange={(event) => onChange({ slug: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function CategoryAndDescription({ form, onChange, errorAt }: FieldProps) {
  return (
    <>
      <Field label="Category" error={errorAt('category')}>
        {(id) => (
          <select
            id={id}
            value={form.category}
            onChange={(event) => onChange({ category: event.target.value })}
          >
            {templateCategories.map((category) => (
              <option key={category} value={category}>
                {categoryLabel(category)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" error={errorAt('description')}>
        {(id) => (
          <textarea
            id={id}
            className={styles.prose}
            rows={2}
            value={form.description}
            onChange={(event) => onChange({ description: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function SchemeAndNotes({ form, onChange, errorAt }: FieldProps) {
  return (
    <>
      <Field label="Scheme" error={errorAt('primary.scheme')}>
        {(id) => (
          <select
            id={id}
            value={form.primaryScheme}
            onChange={(event) =>
              onChange({ primaryScheme: event.target.value as ManifestForm['primaryScheme'] })
            }
          >
            <option value="http">http</option>
            <option value="https">https</option>
            <option value="tcp">tcp</option>
          </select>
        )}
      </Field>
      <Field label="Notes shown after deploy" error={errorAt('notes')}>
        {(id) => (
          <textarea
            id={id}
            className={styles.prose}
            rows={3}
            value={form.notes}
            onChange={(event) => onChange({ notes: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

export function ManifestFields(props: FieldProps & { isSlugLocked: boolean }) {
  const { isSlugLocked, ...field } = props;
  return (
    <div className="form-grid">
      <NameAndSlug {...field} isSlugLocked={isSlugLocked} />
      <TextField {...field} field="version" label="Version" path="version" placeholder="1.0.0" />
      <CategoryAndDescription {...field} />
      <TextField {...field} field="tags" label="Tags (comma-separated)" path="tags" />
      <TextField {...field} field="icon" label="Icon (emoji or name)" path="icon" />
      <TextField {...field} field="homepage" label="Homepage" path="homepage" placeholder="https://" />
      <TextField
        {...field}
        field="priceDollars"
        label="Price per month (USD)"
        path="price_monthly_cents"
        type="number"
        step="0.01"
      />
      <TextField
        {...field}
        field="cpuCores"
        label="CPU cores"
        path="resources.cpu_cores"
        type="number"
        step="0.25"
      />
      <TextField {...field} field="memoryMb" label="Memory (MB)" path="resources.memory_mb" type="number" />
      <TextField {...field} field="diskMb" label="Disk (MB)" path="resources.disk_mb" type="number" />
      <TextField {...field} field="primaryService" label="Primary service" path="primary.service" />
      <TextField {...field} field="primaryPort" label="Primary port" path="primary.port" type="number" />
      <SchemeAndNotes {...field} />
    </div>
  );
}
