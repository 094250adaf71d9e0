import { useId, type ReactNode } from 'react';

/**
 * A labelled control: the label points at the control by id (not by wrapping it), so its accessible
 * name is the label alone and not also a select's current option.
 */
export function Field({ label, error, className, children }: { label: string; error?: string | null; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
