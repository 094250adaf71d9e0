import { deploymentNameSchema } from '@shared/contract/deployments';
import { z } from 'zod';
import {
  policyFindingSchema,
  type PolicyFinding,
  type TemplateVariable,
} from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import { matchesPattern, maxVariableValueLength } from '@shared/template-pattern';
import { errorViewOf, type ErrorView } from '../../store/slice';

const NAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `<slug>-<4 random characters>`, short enough for the 40-character limit. */
export function defaultDeploymentName(slug: string, randomBytes: (count: number) => Uint8Array): string {
  const suffix = Array.from(randomBytes(4), (byte) => NAME_ALPHABET[byte % NAME_ALPHABET.length]).join('');
  const base = slug.slice(0, 35).replace(/-+$/, '') || 'app';
  return `${base}-${suffix}`;
}

export function checkName(name: string): string | null {
  const result = deploymentNameSchema.safeParse(name);
  return result.success
    ? null
    : name.trim() === ''
      ? 'Give the deployment a name.'
      : `The name must ${result.error.issues[0]?.code === 'too_big' ? 'be at most 40 characters' : 'use lowercase letters, digits and dashes, starting and ending with a letter or digit'}.`;
}

const isHttpUrl = (text: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};

/** The same checks the core makes, so most mistakes show before Deploy is pressed. */
export function checkValue(variable: TemplateVariable, value: string): string | null {
  if (value === '') return variable.required && !variable.default ? `${variable.label} is required.` : null;
  if (value.length > maxVariableValueLength)
    return `${variable.label} must be at most ${maxVariableValueLength} characters.`;
  if (variable.type !== 'text' && variable.type !== 'multiline' && /[\r\n]/.test(value))
    return `${variable.label} must be a single line.`;
  if (variable.type === 'number' && !NUMBER.test(value)) return `${variable.label} must be a number.`;
  if (variable.type === 'email' && !EMAIL.test(value)) return `${variable.label} must be an email address.`;
  if (variable.type === 'url' && !isHttpUrl(value)) return `${variable.label} must be an http or https URL.`;
  if (variable.type === 'select' && !(variable.options ?? []).some((o) => o.value === value))
    return `Pick one of the options for ${variable.label}.`;
  if (variable.pattern !== undefined && !matchesPattern(variable.pattern, value))
    return `${variable.label} must match ${variable.pattern}.`;
  return null;
}

/** What the form shows: the user's edits over `base` (the deployment's current values) over the defaults. */
export function formValues(
  variables: readonly TemplateVariable[],
  base: Readonly<Record<string, string>>,
  edits: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    variables.map((v) => [
      v.name,
      edits[v.name] ??
        base[v.name] ??
        (v.type === 'password' ? '' : (v.default ?? (v.type === 'boolean' ? 'false' : ''))),
    ]),
  );
}

/**
 * Problems by variable name. With `blankKeeps`, an empty password means "keep the current one".
 */
export function valueErrors(
  variables: readonly TemplateVariable[],
  values: Readonly<Record<string, string>>,
  blankKeeps = false,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const variable of variables) {
    const value = values[variable.name] ?? '';
    if (blankKeeps && variable.type === 'password' && value === '') continue;
    const problem = checkValue(variable, value);
    if (problem) errors[variable.name] = problem;
  }
  return errors;
}

/** Empty values are left out: the core then uses the default, or keeps a password it already has. */
export const valuesToSend = (values: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));

export interface FailureView {
  /** By form field: `name`, `nodeId`, `acceptFindings`, `variables.NAME`. */
  fields: Record<string, string>;
  /** What belongs to no field, with its code. */
  error: ErrorView | null;
  /** Safety-policy findings the core wants a yes to before it goes ahead. */
  findings: PolicyFinding[];
}

/** The findings a refusal asks the user to accept (`field: 'acceptFindings'`), or none. */
export function findingsToAccept(error: unknown): PolicyFinding[] {
  if (!(error instanceof AppError) || error.field !== 'acceptFindings') return [];
  const parsed = z.array(policyFindingSchema).safeParse(error.details?.findings);
  return parsed.success ? parsed.data : [];
}

export function failureView(error: unknown, knownFields: readonly string[]): FailureView {
  const view = errorViewOf(error);
  const findings = findingsToAccept(error);
  if (!(error instanceof AppError) || error.field === undefined || !knownFields.includes(error.field))
    return { fields: {}, error: view, findings };
  return { fields: { [error.field]: view.message }, error: null, findings };
}

/** Findings by key, each once: the template's own and those a refusal added (the node's socket, say). */
export const uniqueFindings = (...lists: readonly (readonly PolicyFinding[])[]): PolicyFinding[] => [
  ...new Map(lists.flat().map((finding) => [finding.key, finding])).values(),
];

/** The refusal's messages for `variables.NAME` fields, by variable name. */
export const variableErrorsOf = (failure: FailureView | null): Record<string, string> =>
  Object.fromEntries(
    Object.entries(failure?.fields ?? {}).flatMap(([field, message]) =>
      field.startsWith('variables.') ? [[field.slice('variables.'.length), message]] : [],
    ),
  );

/** Comma-separated tags, trimmed, blanks dropped. */
export const splitTags = (tags: string): string[] =>
  tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
