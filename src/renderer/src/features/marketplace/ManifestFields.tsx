import type { ReactNode } from 'react';
import { templateCategories } from '@shared/contract/template-model';
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

function Field({
  label,
  path,
  error,
  children,
}: {
  label: string;
  path: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className="field" data-path={path}>
      {label}
      {children}
      {error ? <span className="field-error">{error}</span> : null}
    </label>
  );
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
    <Field label={label} path={path} error={errorAt(path)}>
      <input
        value={form[key]}
        aria-invalid={errorAt(path) ? true : undefined}
        onChange={(event) => onChange({ [key]: event.target.value })}
        {...extra}
      />
    </Field>
  );
  return (
    <div className="form-grid">
      <Field label="Name" path="name" error={errorAt('name')}>
        <input
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
      </Field>
      <Field label="Slug" path="slug" error={errorAt('slug')}>
        <input
          value={form.slug}
          disabled={isSlugLocked}
          onChange={(event) => onChange({ slug: event.target.value })}
        />
      </Field>
      {text('version', 'Version', 'version', { placeholder: '1.0.0' })}
      <Field label="Category" path="category" error={errorAt('category')}>
        <select value={form.category} onChange={(event) => onChange({ category: event.target.value })}>
          {templateCategories.map((category) => (
            <option key={category} value={category}>
              {categoryLabel(category)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Description" path="description" error={errorAt('description')}>
        <textarea
          className={styles.prose}
          rows={2}
          value={form.description}
          onChange={(event) => onChange({ description: event.target.value })}
        />
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
      <Field label="Scheme" path="primary.scheme" error={errorAt('primary.scheme')}>
        <select
          value={form.primaryScheme}
          onChange={(event) =>
            onChange({ primaryScheme: event.target.value as ManifestForm['primaryScheme'] })
          }
        >
          <option value="http">http</option>
          <option value="https">https</option>
          <option value="tcp">tcp</option>
        </select>
      </Field>
      <Field label="Notes shown after deploy" path="notes" error={errorAt('notes')}>
        <textarea
          className={styles.prose}
          rows={3}
          value={form.notes}
          onChange={(event) => onChange({ notes: event.target.value })}
        />
      </Field>
    </div>
  );
}
