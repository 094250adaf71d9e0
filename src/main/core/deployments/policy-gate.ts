import type { PolicyFinding } from '@shared/contract/template-model';
import { AppError } from '@shared/result';

/** The finding keys said yes to before (for the revision an operation starts from) and now. */
export interface Acceptance {
  before: readonly string[];
  given: readonly string[];
}

/** The findings not yet accepted: only these need a new yes. */
export const unaccepted = (
  findings: readonly PolicyFinding[],
  accepted: Iterable<string>,
): PolicyFinding[] => {
  const yes = new Set(accepted);
  return findings.filter((finding) => !yes.has(finding.key));
};

/**
 * Refuses a plan that hands its containers anything of the node the user has not said yes to, before
 * anything is sent to the node. The error lists exactly what is new, so the app can ask for a yes to
 * those findings and try again with their keys in `acceptFindings`.
 */
export function requireAccepted(
  findings: readonly PolicyFinding[],
  accepted: Iterable<string>,
  subject: string,
): void {
  const missing = unaccepted(findings, accepted);
  if (missing.length === 0) return;
  throw new AppError(
    'invalid_input',
    `${subject} would give its containers access to the node that you have not accepted: ${missing
      .map((finding) => finding.message)
      .join(' ')} Review it and accept to go ahead.`,
    { field: 'acceptFindings', details: { findings: missing } },
  );
}

/**
 * The finding diff: a template may ask for nothing beyond what was accepted before plus what the user
 * accepts now. Returns the keys accepted from here on (sorted), or throws the refusal.
 */
export function acceptFindings(
  findings: readonly PolicyFinding[],
  accepted: Acceptance,
  subject: string,
): string[] {
  requireAccepted(findings, [...accepted.before, ...accepted.given], subject);
  return [...new Set([...accepted.before, ...findings.map((finding) => finding.key)])].sort();
}
