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

export function ManifestFields({
  form,
  onChange,
  errorAt,
  isSlugLocked,
}: FieldProps & { isSlugLocked: boolean }) {
  const text = (
    key: TextKey,
    label: string,
    path: string,
    extra: { type?: string; step?: string; placeholder?: string } = {},
  ) => (
    <Field label={label} error={errorAt(path)}>
      {(id) => (
        <input
          id={id}
          value={form[key]}
          aria-invalid={errorAt(path) ? true : undefined}
          onChange={(event) => onChange({ [key]: event.target.value })}
          {...extra}
        />
      )}
    </Field>
  );
  return (
    <div className="form-grid">
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
      {text('version', 'Version', 'version', { placeholder: '1.0.0' })}
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
      {text('tags', 'Tags (comma-separated)', 'tags')}
      {text('icon', 'Icon (emoji or name)', 'icon')}
      {text('homepage', 'Homepage', 'homepage', { placeholder: 'https://' })}
      {text('priceDollars', 'Price per month (USD)', 'price_monthly_cents', { type: 'number', step: '0.01' })}
      {text('cpuCores', 'CPU cores', 'resources.cpu_cores', { type: 'number', step: '0.25' })}
      {text('memoryMb', 'Memory (MB)', 'resources.memory_mb', { type: 'number' })}
      {text('diskMb', 'Disk (MB)', 'resources.disk_mb', { type: 'number' })}
      {text('primaryService', 'Primary service', 'primary.service')}
      {text('primaryPort', 'Primary port', 'primary.port', { type: 'number' })}
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
    </div>
  );
}
