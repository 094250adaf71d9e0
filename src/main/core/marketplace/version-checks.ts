import {
  templateManifestSchema,
  type TemplateManifest,
  type ValidationReport,
} from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { TemplateEngine } from './engine-port';
import type { VersionRow } from './template-repository';

export interface TemplateInput {
  manifest: unknown;
  compose: string;
}

export const describeErrors = (report: ValidationReport): string => {
  const first = report.errors[0];
  if (!first) return 'The template is valid.';
  const where = first.line === undefined ? first.path : `line ${first.line}:${first.column ?? 1}`;
  const more = report.errors.length > 1 ? ` (and ${report.errors.length - 1} more)` : '';
  return `The template has errors: ${first.message} at ${where}${more}.`;
};

/** The engine's verdict on stored versions (cached) and on what is about to be written (enforced). */
export function createVersionChecks(engine: TemplateEngine) {
  // Keyed by content: a published version's report never changes, a draft's is recomputed after an edit.
  const reports = new Map<string, { content: string; report: ValidationReport }>();
  const reportOf = (row: VersionRow): ValidationReport => {
    const key = `${row.templateId}@${row.version}`;
    const content = `${row.manifest}\0${row.compose}`;
    const cached = reports.get(key);
    if (cached?.content === content) return cached.report;
    const report = engine.validate({ manifest: JSON.parse(row.manifest) as unknown, compose: row.compose });
    reports.set(key, { content, report });
    return report;
  };
  /** Every write goes through here: nothing with an error reaches the database. */
  const checked = (input: TemplateInput): { manifest: TemplateManifest; report: ValidationReport } => {
    const report = engine.validate(input);
    if (report.errors.length > 0) {
      throw new AppError('invalid_input', describeErrors(report), { details: { report } });
    }
    return { manifest: templateManifestSchema.parse(input.manifest), report };
  };
  return { reportOf, checked };
}
