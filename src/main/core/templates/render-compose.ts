import type {
  NormalizedCompose,
  PolicyFinding,
  Template,
  TemplateManifest,
  ValidationIssue,
} from '@shared/contract/template-model';
import { substituteTree } from './compose-interpolation';
import { substitute } from './interpolation';
import { createIssueCollector, issue } from './issues';
import { normalizeCompose } from './normalize-compose';
import { policyFindings, type PolicyContext } from './safety-policy';
import { checkTemplate } from './validate-template';
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

/** The user's values checked against the manifest, and every secret present. */
function checkValues(
  manifest: TemplateManifest,
  values: Readonly<Record<string, string>>,
): ValidationIssue[] {
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
  return errors;
}

/** What each name stands for: the user's value, else the variable's default; secrets as generated. */
function valueLookup(
  manifest: TemplateManifest,
  values: Readonly<Record<string, string>>,
): (name: string) => string | undefined {
  const known = new Map<string, string>();
  for (const variable of manifest.variables) {
    const value = values[variable.name];
    const chosen = value === undefined || value === '' ? variable.default : value;
    if (chosen !== undefined) known.set(variable.name, chosen);
  }
  for (const secret of manifest.secrets) known.set(secret.name, values[secret.name] ?? '');
  return (name) => known.get(name);
}

function renderConfigFiles(
  manifest: TemplateManifest,
  lookup: (name: string) => string | undefined,
): RenderedConfigFile[] | ValidationIssue[] {
  const configFiles: RenderedConfigFile[] = [];
  for (const [index, file] of manifest.config_files.entries()) {
    const content = substitute(file.content, lookup, 'braced');
    if (!content.ok)
      return [issue('values', 'values:required', content.error, ['config_files', index, 'content'])];
    configFiles.push({
      service: file.service,
      path: file.path,
      content: content.value,
      mode: parseInt(file.mode, 8),
    });
  }
  return configFiles;
}

const isIssueList = (list: RenderedConfigFile[] | ValidationIssue[]): list is ValidationIssue[] =>
  list.some((item) => 'code' in item);

/**
 * Fills a template for one deployment: `values` holds the user's variable values and the
 * deployment's generated secrets (see generateSecrets). A variable left out takes its manifest
 * default. Nothing comes from the process environment. The template is validated again first,
 * so a stored template that no longer passes cannot be deployed; the compose file it read is
 * filled in, not read a second time. The safety policy then runs on the rendered result, what
 * Docker will really be asked for: its findings are what the deploy needs a yes for.
 */
export function renderCompose(
  template: Template,
  values: Readonly<Record<string, string>>,
  context: PolicyContext = {},
): RenderResult {
  const { manifest } = template;
  const { report, read } = checkTemplate(template, { policy: context });
  if (report.errors.length > 0 || !read) return { ok: false, errors: report.errors };
  const errors = checkValues(manifest, values);
  if (errors.length > 0) return { ok: false, errors };

  const lookup = valueLookup(manifest, values);
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
  const configFiles = renderConfigFiles(manifest, lookup);
  if (isIssueList(configFiles)) return { ok: false, errors: configFiles };
  return { ok: true, compose, configFiles, findings: policyFindings(compose, context) };
}
