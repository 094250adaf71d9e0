import { useId, type ReactNode } from 'react';
import styles from './field.module.css';

export interface FieldProps {
  /** The control's accessible name: the label points at the control by id. */
  label: ReactNode;
  /** Help under the control, a line each; blank ones are left out. */
  hint?: string | readonly (string | undefined)[];
  error?: string | null | undefined;
  /** Announce the error (role="alert"): for errors that answer a submit, not for live validation. */
  isErrorAlert?: boolean;
  /** `checkbox`: the box, then its label, on one row. */
  layout?: 'stacked' | 'checkbox';
  className?: string | undefined;
  children: (id: string) => ReactNode;
}

export function FieldError({
  message,
  isAlert = false,
}: {
  message?: string | null | undefined;
  isAlert?: boolean;
}) {
  if (!message) return null;
  return (
    <span className="field-error" role={isAlert ? 'alert' : undefined}>
      {message}
    </span>
  );
}

/**
 * A labelled control: the label points at the control by id (not by wrapping it), so its accessible
 * name is the label alone and not also a select's current option, a hint or an error.
 */
export function Field({
  label,
  hint,
  error,
  isErrorAlert,
  layout = 'stacked',
  className,
  children,
}: FieldProps) {
  const id = useId();
  if (layout === 'checkbox') {
    return (
      <>
        <div className={className ? `checkbox ${className}` : 'checkbox'}>
          {children(id)}
          <label htmlFor={id}>{label}</label>
        </div>
        <FieldError message={error} isAlert={isErrorAlert} />
      </>
    );
  }
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {[hint ?? []].flat().map((line, index) =>
        line ? (
          <span key={index} className={`muted ${styles.hint}`}>
            {line}
          </span>
        ) : null,
      )}
      <FieldError message={error} isAlert={isErrorAlert} />
    </div>
  );
}
