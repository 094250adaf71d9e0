import type { PolicyFinding } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { RevisionRow } from './deployment-repository';

/** The finding keys the user accepted for a revision. */
export const acceptedOf = (revision: Pick<RevisionRow, 'accepted_findings'>): string[] =>
  JSON.parse(revision.accepted_findings) as string[];

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
