import type { TemplateManifest, TemplateVariable, ValidationIssue } from '@shared/contract/template-model';
import { matchesPattern, maxVariableValueLength } from '@shared/template-pattern';
import { issue } from './issues';

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** Why `value` does not fit `variable`, or null when it does. */
export function checkVariableValue(variable: TemplateVariable, value: string): string | null {
  if (value.length > maxVariableValueLength) return `must be at most ${maxVariableValueLength} characters`;
  if (value.includes('\0')) return 'must not contain NUL characters';
  if (variable.type !== 'text' && variable.type !== 'multiline' && /[\r\n]/.test(value))
    return 'must be a single line';
  switch (variable.type) {
    case 'number':
      if (!NUMBER.test(value)) return 'must be a number';
      break;
    case 'boolean':
      if (value !== 'true' && value !== 'false') return 'must be true or false';
      break;
    case 'select':
      if (!(variable.options ?? []).some((o) => o.value === value))
        return `must be one of ${(variable.options ?? []).map((o) => o.value).join(', ')}`;
      break;
    case 'email':
      if (!EMAIL.test(value)) return 'must be an email address';
      break;
    case 'url':
      if (!isHttpUrl(value)) return 'must be an http or https URL';
      break;
    default:
      break;
  }
  if (variable.pattern !== undefined && !matchesPattern(variable.pattern, value))
    return `must match ${variable.pattern}`;
  return null;
}

/**
 * Checks the values a user gives for a deployment: every name is a declared variable or secret,
 * required variables are filled (a default counts), and each value fits its type, pattern and
 * options. Secrets are generated, so only their presence is checked, by renderCompose.
 */
export function validateVariableValues(
  manifest: TemplateManifest,
  values: Readonly<Record<string, string>>,
): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const secretNames = new Set(manifest.secrets.map((s) => s.name));
  const variables = new Map(manifest.variables.map((v) => [v.name, v]));
  for (const [name, value] of Object.entries(values)) {
    if (!variables.has(name) && !secretNames.has(name)) {
      errors.push(issue('values', 'values:unknown', `${name} is not a variable of this template.`, [name]));
    } else if (typeof value !== 'string') {
      errors.push(issue('values', 'values:type', `${name} must be text.`, [name]));
    }
  }
  for (const variable of manifest.variables) {
    const given = Object.hasOwn(values, variable.name) ? values[variable.name] : undefined;
    const value = given === undefined || given === '' ? variable.default : given;
    if (value === undefined || value === '') {
      if (variable.required)
        errors.push(issue('values', 'values:required', `${variable.label} is required.`, [variable.name]));
      continue;
    }
    if (typeof value !== 'string') continue;
    const problem = checkVariableValue(variable, value);
    if (problem !== null)
      errors.push(issue('values', 'values:invalid', `${variable.label} ${problem}.`, [variable.name]));
  }
  return errors;
}
