import type {
  NormalizedCompose,
  PolicyFinding,
  ValidationIssue,
  ValidationReport,
} from '@shared/contract/template-model';
import { checkInterpolation } from './compose-interpolation';
import { checkComposeSchema, composeSchemaValidator } from './compose-schema';
import { createIssueCollector, formatPath, issue, type IssueCollector } from './issues';
import { checkManifestAgainstCompose, readManifest } from './manifest-check';
import { normalizeCompose } from './normalize-compose';
import { defaultYamlLimits, readYaml, type YamlLimits, type YamlRead } from './safe-yaml';
import { reportPolicyFindings, type PolicyContext } from './safety-policy';

/** A template as the editor, an importer or the deployment engine holds it: the manifest may be an object or YAML text. */
export interface TemplateInput {
  manifest: unknown;
  compose: string;
}

export interface ValidateOptions {
  limits?: YamlLimits;
  /** The node the template is checked for, when there is one (its Docker socket is a finding). */
  policy?: PolicyContext;
}

const byPosition = (a: ValidationIssue, b: ValidationIssue): number =>
  a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

function report(
  errors: ValidationIssue[],
  warnings: ValidationIssue[],
  compose: NormalizedCompose | null = null,
  findings: PolicyFinding[] = [],
): ValidationReport {
  const sorted = {
    errors: [...errors].sort(byPosition),
    warnings: [...warnings].sort(byPosition),
    findings,
  };
  return sorted.errors.length === 0 && compose ? { ...sorted, compose } : sorted;
}

/** Compose schema problems that no earlier check already reported at or around their path. */
function reportSchemaProblems(value: unknown, issues: IssueCollector): void {
  for (const problem of checkComposeSchema(value)) {
    if (issues.covers(problem.path)) continue;
    const where = formatPath(problem.path);
    issues.error(
      'compose:schema',
      where === '' ? `The file ${problem.message}.` : `${where} ${problem.message}.`,
      problem.path,
      'key',
    );
  }
}

/** A validation report, with the compose file as read when it could be read (renderCompose reuses it). */
export interface TemplateCheck {
  report: ValidationReport;
  read?: Extract<YamlRead, { ok: true }>;
}

/** validateTemplate, keeping what it read. */
export function checkTemplate(input: TemplateInput, options: ValidateOptions = {}): TemplateCheck {
  const limits = options.limits ?? defaultYamlLimits;
  composeSchemaValidator();
  const started = performance.now();
  const manifest = readManifest(input.manifest, limits);
  const composeText: unknown = input.compose;
  if (typeof composeText !== 'string') {
    const notText = issue('compose', 'compose:not-text', 'The compose file must be text.');
    return { report: report([...manifest.issues.errors, notText], manifest.issues.warnings) };
  }
  const read = readYaml(composeText, 'compose', limits);
  if (!read.ok)
    return { report: report([...manifest.issues.errors, ...read.errors], manifest.issues.warnings) };

  const issues = createIssueCollector('compose', read.locate);
  const { prepared, used } = checkInterpolation(read.value, manifest.declared, issues);
  const compose: NormalizedCompose | null = normalizeCompose(prepared, issues);
  reportSchemaProblems(read.value, issues);
  const findings = compose ? reportPolicyFindings(compose, issues, options.policy) : [];
  if (manifest.manifest) checkManifestAgainstCompose(manifest.manifest, compose, used, manifest.issues);
  if (performance.now() - started > limits.budgetMs)
    issues.error('yaml:budget', 'Checking the template took too long.', []);
  const errors = [...manifest.issues.errors, ...issues.errors];
  return {
    report: report(errors, [...manifest.issues.warnings, ...issues.warnings], compose, findings),
    read,
  };
}

/**
 * The one check every path shares (editor, import, deploy): the manifest against its schema, the
 * compose file read safely, against the compose specification, against what the deployment engine
 * supports, its variables against the manifest, and the safety policy. Never throws.
 * The compose in the report keeps `${NAME}` placeholders; renderCompose fills them at deploy time.
 */
export function validateTemplate(input: TemplateInput, options: ValidateOptions = {}): ValidationReport {
  return checkTemplate(input, options).report;
}
