import type { PolicyFinding } from '@shared/contract/template-model';
import { Field } from '../../components/Field';
import styles from './deployments.module.css';

/**
 * What a template hands its containers of the node, each finding in plain words: the deploy, update
 * or start goes ahead only after the user says yes to exactly these.
 */
export function PolicyConsent({
  findings,
  isAccepted,
  error,
  onChange,
  title = 'This template gives its containers access to the node itself.',
  consent = 'I understand the risks and want to deploy it anyway',
}: {
  findings: readonly PolicyFinding[];
  isAccepted: boolean;
  error: string | undefined;
  onChange: (isAccepted: boolean) => void;
  title?: string;
  consent?: string;
}) {
  if (findings.length === 0) return null;
  return (
    <div
      className={`banner banner-warn ${styles.bannerStack}`}
      role="group"
      aria-label="Policy warnings"
      data-testid="policy-consent"
    >
      <strong>{title}</strong>
      <ul>
        {findings.map((finding) => (
          <li key={finding.key}>
            {finding.message} <span className="muted">({finding.field})</span>
          </li>
        ))}
      </ul>
      <Field label={consent} layout="checkbox" error={error} isErrorAlert>
        {(id) => (
          <input
            id={id}
            type="checkbox"
            checked={isAccepted}
            onChange={(event) => onChange(event.target.checked)}
          />
        )}
      </Field>
    </div>
  );
}
