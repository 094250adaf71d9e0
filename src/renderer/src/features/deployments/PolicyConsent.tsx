import { FieldError } from './FieldError';

/** Templates flagged by the safety policy deploy only after the user says so, in so many words. */
export function PolicyConsent({
  risks,
  isAccepted,
  error,
  onChange,
}: {
  risks: readonly string[];
  isAccepted: boolean;
  error: string | undefined;
  onChange: (isAccepted: boolean) => void;
}) {
  if (risks.length === 0) return null;
  return (
    <div
      className="banner banner-warn banner-stack"
      role="group"
      aria-label="Policy warnings"
      data-testid="policy-consent"
    >
      <strong>This template gives its containers access to the node itself.</strong>
      <ul>
        {risks.map((risk) => (
          <li key={risk}>{risk}</li>
        ))}
      </ul>
      <label className="checkbox">
        <input type="checkbox" checked={isAccepted} onChange={(event) => onChange(event.target.checked)} />I
        understand the risks and want to deploy it anyway
      </label>
      <FieldError message={error} />
    </div>
  );
}
