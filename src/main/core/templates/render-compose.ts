import type {
  NormalizedCompose,
  PolicyFinding,
  Template,
  ValidationIssue,
} from '@shared/contract/template-model';
import { substituteTree } from './compose-interpolation';
import { substitute } from './interpolation';
import { createIssueCollector, issue } from './issues';
import { normalizeCompose } from './normalize-compose';
import { readYaml } from './safe-yaml';
import { policyFindings, type PolicyContext } from './safety-policy';
import { validateTemplate } from './validate-template';
import { validateVariableValues } from './variable-values';

export interface RenderedConfigFile {
  service: string;
  path: string;
  content: string;
  /** File mode as a number, e.g. 0o644. */
  mode: number;
}

export type RenderResult =
  | { ok: true; compose: NormalizedCompose; configFiles: RenderedConfigFile[]; findings: PolicyFinding[] }
  | { ok: false; errors: ValidationIssue[] };

/**
 * Fills a template for one deployment: `values` holds the user's variable values and the
 * deployment's generated secrets (see generateSecrets). A variable left out takes its manifest
 * default. Nothing comes from the process environment. The template is validated again first,
 * so a stored template that no longer passes cannot be deployed. The safety policy then runs on the
 * rendered result, what Docker will really be asked for: its findings are what the deploy needs a yes for.
 */
export function renderCompose(
  template: Template,
  values: Readonly<Record<string, string>>,
  context: PolicyContext = {},
): RenderResult {
  const { manifest } = template;
  const report = validateTemplate(template, { policy: context });
  if (report.errors.length > 0) return { ok: false, errors: report.errors };
  const errors = validateVariableValues(manifest, values);
  for (const secret of manifest.secrets) {
    if (!values[secret.name])
      errors.push(
        issue(
          'values',
          'values:secret-missing',
          `The secret ${secret.name} has no value; generate the deployment's secrets first.`,
          [secret.name],
        ),
      );
  }
  if (errors.length > 0) return { ok: false, errors };

  const known = new Map<string, string>();
  for (const variable of manifest.variables) {
    const value = values[variable.name];
    const chosen = value === undefined || value === '' ? variable.default : value;
    if (chosen !== undefined) known.set(variable.name, chosen);
  }
  for (const secret of manifest.secrets) known.set(secret.name, values[secret.name] ?? '');
  const lookup = (name: string) => known.get(name);

  const read = readYaml(template.compose, 'compose');
  if (!read.ok) return { ok: false, errors: read.errors };
  const substituted = substituteTree(read.value, lookup);
  if (substituted.failures.length > 0) {
    return {
      ok: false,
      errors: substituted.failures.map((f) =>
        issue('values', 'values:required', f.error, f.path, read.locate(f.path)),
      ),
    };
  }
  const issues = createIssueCollector('values', read.locate);
  const compose = normalizeCompose(substituted.value, issues);
  if (!compose || issues.errors.length > 0) return { ok: false, errors: issues.errors };

  const configFiles: RenderedConfigFile[] = [];
  for (const [index, file] of manifest.config_files.entries()) {
    const content = substitute(file.content, lookup, 'braced');
    if (!content.ok)
      return {
        ok: false,
        errors: [issue('values', 'values:required', content.error, ['config_files', index, 'content'])],
      };
    configFiles.push({
      service: file.service,
      path: file.path,
      content: content.value,
      mode: parseInt(file.mode, 8),
    });
  }
  return { ok: true, compose, configFiles, findings: policyFindings(compose, context) };
}
