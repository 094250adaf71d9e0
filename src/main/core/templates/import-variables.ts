import type { TemplateManifestInput, VariableType } from '@shared/contract/template-model';
import { allowsVariables, mapStrings } from './compose-interpolation';
import { entries, isDict, type Dict } from './compose-values';
import {
  formatParts,
  hasDollar,
  inlineDefaults,
  parseInterpolation,
  referencedNames,
  substituteParts,
  type Part,
} from './interpolation';
import { BASE64_PREFIX, decideCredential, wiredCredential } from './import-credentials';
import { credentialLiteral, environmentEntries, isSecretName, wiredValues } from './import-environment';
import type { ImportLog } from './import-report';
import { rewireWrittenSecrets } from './import-wiring';
import { formatPath } from './issues';
import { checkVariableValue } from './variable-values';

type VariableInput = NonNullable<TemplateManifestInput['variables']>[number];
type SecretInput = NonNullable<TemplateManifestInput['secrets']>[number];

/** What an importer knows about a variable beyond its name (a label from Portainer, a description from CasaOS…). */
export type VariableHint = Partial<
  Pick<VariableInput, 'label' | 'description' | 'type' | 'default' | 'options' | 'required'>
>;

const humanize = (name: string): string => {
  const words = name.replace(/_+/g, ' ').trim().toLowerCase();
  return words === '' ? name : (words[0] ?? '').toUpperCase() + words.slice(1);
};

const looksTyped = (name: string, value: string): VariableType => {
  if (/^https?:\/\//.test(value)) return 'url';
  if (/^-?\d+(?:\.\d+)?$/.test(value)) return 'number';
  if (value === 'true' || value === 'false') return 'boolean';
  if (/EMAIL/i.test(name) && value.includes('@')) return 'email';
  return 'text';
};

/** The type a default suggests, kept only when a variable of that type accepts the default itself. */
const guessType = (name: string, value: string | undefined): VariableInput['type'] => {
  if (value === undefined || value === '') return 'text';
  const type = looksTyped(name, value);
  const accepted = checkVariableValue({ name, label: name, type, required: false }, value) === null;
  return accepted ? type : 'text';
};

/** The names credentials written into the file became, and the values written for them. */
interface Lifted {
  readonly taken: Set<string>;
  readonly generatedByValue: Map<string, string>;
  readonly typedByKey: Map<string, string>;
  readonly written: Map<string, string>;
  /** Values written for two or more credential keys: the file wires its own services with them. */
  readonly wired: ReadonlyMap<string, string[]>;
  /** Names that are generated because they wire services, whatever their own name suggests. */
  readonly internal: Set<string>;
}

const freeName = (key: string, taken: Set<string>): string => {
  let name = key;
  for (let n = 2; taken.has(name); n += 1) name = `${key}_${n}`;
  taken.add(name);
  return name;
};

/**
 * One written-in credential becomes `${NAME}`: the app's own passwords and keys share one generated
 * secret per distinct value (a database password written twice stays one); a credential the user
 * types is one variable per key, never merged with another key that has the same placeholder. A
 * value that wires two services of the file (see wiredValues) is generated, whatever its name says.
 */
function liftCredential(
  key: string,
  literal: string,
  lifted: Lifted,
): { name: string; text: string; typed: boolean } {
  const prefix = literal.startsWith(BASE64_PREFIX) ? BASE64_PREFIX : '';
  const value = literal.slice(prefix.length);
  const wiredKeys = lifted.wired.get(literal);
  const typed = wiredKeys === undefined && decideCredential(key, value).role === 'typed';
  const known = typed ? lifted.typedByKey.get(key) : lifted.generatedByValue.get(literal);
  const generatedNames = new Set(lifted.generatedByValue.values());
  // A wired value is named after the key that is the app's own secret (the database's password), if one is.
  const own = wiredKeys?.find((k) => decideCredential(k, value).role === 'generated') ?? key;
  // A typed credential keeps its key even where the file also writes `${KEY}`: both mean the same value.
  const name = known ?? (typed && !generatedNames.has(key) ? key : freeName(own, lifted.taken));
  lifted.taken.add(name);
  if (wiredKeys !== undefined && decideCredential(name, value).role === 'typed') lifted.internal.add(name);
  if (known === undefined) {
    if (typed) lifted.typedByKey.set(key, name);
    else lifted.generatedByValue.set(literal, name);
    lifted.written.set(name, value);
  }
  return { name, text: `${prefix}\${${name}}`, typed };
}

/** Hard-coded credentials become secrets or password variables; valueless entries become variables. */
function liftEnvironment(doc: Dict, log: ImportLog, taken: Set<string>): Lifted {
  const lifted: Lifted = {
    taken,
    generatedByValue: new Map(),
    typedByKey: new Map(),
    written: new Map(),
    wired: wiredValues(doc),
    internal: new Set(),
  };
  for (const [serviceName, service] of entries(doc.services)) {
    if (!isDict(service)) continue;
    for (const entry of environmentEntries(service)) {
      const at = `services.${serviceName}.environment.${entry.key}`;
      if (entry.value === null || entry.value === undefined) {
        entry.set(`\${${entry.key}}`);
        log.changed(
          at,
          `No value was given, which compose fills from the shell; it became the variable ${entry.key}.`,
        );
        continue;
      }
      const literal = credentialLiteral(entry.key, entry.value);
      if (literal === null) continue;
      const { name, text, typed } = liftCredential(entry.key, literal, lifted);
      entry.set(text);
      log.changed(
        at,
        typed
          ? `The value written into the file was taken out; it became ${name}, a password you type.`
          : `The secret written into the file was taken out, so no two deployments share it; it became the generated secret ${name}.`,
      );
    }
  }
  return lifted;
}

const namesIn = (doc: unknown): Set<string> => {
  const names = new Set<string>();
  mapStrings(doc, (text) => {
    const parsed = hasDollar(text) ? parseInterpolation(text) : null;
    if (parsed?.ok) referencedNames(parsed.value, names);
    return text;
  });
  return names;
};

const withoutDefaults = (parts: Part[], names: ReadonlySet<string>): Part[] =>
  parts.map((part) =>
    part.kind === 'variable' && names.has(part.name) && (part.operator === ':-' || part.operator === '-')
      ? { ...part, operator: '', argument: [] }
      : part,
  );

interface VariableUsage {
  defaults: Map<string, string>;
  required: Set<string>;
  order: string[];
}

/** Where only literal values may stand, a placeholder takes its default, or is refused without one. */
function fixLiteralValue(
  text: string,
  parts: Part[],
  names: Set<string>,
  where: string,
  log: ImportLog,
): string {
  const fixed = substituteParts(parts, () => undefined);
  const complete = [...names].every((n) => inlineDefaults(parts).has(n));
  if (fixed.ok && complete) {
    log.changed(where, `Variables are not allowed here, so ${text} was fixed to its default ${fixed.value}.`);
    return fixed.value.replace(/\$/g, '$$$$');
  }
  log.refused(where, `${text} needs a value here, where Hoster allows no variables; write the value itself.`);
  return text;
}

/** Records the names, defaults and required marks of one value; secrets lose the default written for them. */
function noteUsage(
  text: string,
  parts: Part[],
  names: Set<string>,
  where: string,
  usage: VariableUsage,
  log: ImportLog,
): string {
  for (const [name, value] of inlineDefaults(parts))
    if (!usage.defaults.has(name)) usage.defaults.set(name, value);
  for (const part of parts)
    if (part.kind === 'variable' && (part.operator === ':?' || part.operator === '?'))
      usage.required.add(part.name);
  for (const name of names) if (!usage.order.includes(name)) usage.order.push(name);
  const secrets = new Set([...names].filter((n) => isSecretName(n) && inlineDefaults(parts).has(n)));
  if (secrets.size === 0) return text;
  log.changed(
    where,
    `The default written for ${[...secrets].join(', ')} was dropped, so no two deployments share it.`,
  );
  return formatParts(withoutDefaults(parts, secrets));
}

/** A credential the user types: required, shown as a password, stored in the keychain with the deployment. */
const typedVariable = (name: string, hint: VariableHint): VariableInput => ({
  name,
  label: hint.label ?? humanize(name),
  type: 'password',
  required: true,
  ...(hint.description === undefined ? {} : { description: hint.description }),
});

/** One variable or secret per name, in the order the compose file first uses them. */
function declareVariables(
  usage: VariableUsage,
  { written, internal }: Pick<Lifted, 'written' | 'internal'>,
  hints: ReadonlyMap<string, VariableHint>,
  log: ImportLog,
): { variables: VariableInput[]; secrets: SecretInput[] } {
  const variables: VariableInput[] = [];
  const secrets: SecretInput[] = [];
  for (const name of usage.order) {
    const hint = hints.get(name) ?? {};
    if (isSecretName(name) && hint.type === undefined) {
      const given = written.get(name) ?? usage.defaults.get(name) ?? hint.default;
      const value = given === undefined ? undefined : String(given);
      const decision = internal.has(name) ? wiredCredential(name, value) : decideCredential(name, value);
      if (decision.role === 'generated') secrets.push(decision.secret);
      else variables.push(typedVariable(name, hint));
      log.taken(name, decision.reason);
      continue;
    }
    const fallback = usage.defaults.get(name);
    const value = hint.default ?? fallback;
    variables.push({
      name,
      label: hint.label ?? humanize(name),
      type: hint.type ?? guessType(name, value === undefined ? undefined : String(value)),
      required: hint.required ?? (usage.required.has(name) || value === undefined),
      ...(value === undefined ? {} : { default: value }),
      ...(hint.description === undefined ? {} : { description: hint.description }),
      ...(hint.options === undefined ? {} : { options: hint.options }),
    });
    log.taken(
      name,
      value === undefined
        ? 'Became a variable the user fills in.'
        : `Became a variable with the default ${String(value)}.`,
    );
  }
  return { variables, secrets };
}

/**
 * Derives the manifest's variables and secrets from the `${…}` the compose file uses, after fixing
 * what the engine would refuse: placeholders where only literal values may stand take their
 * default, and secrets lose the insecure defaults compose files often carry.
 */
export function inferVariables(
  doc: Dict,
  log: ImportLog,
  hints: ReadonlyMap<string, VariableHint> = new Map(),
): { variables: VariableInput[]; secrets: SecretInput[] } {
  const lifted = liftEnvironment(doc, log, namesIn(doc));
  rewireWrittenSecrets(doc, lifted.generatedByValue, log);
  const usage: VariableUsage = { defaults: new Map(), required: new Set(), order: [] };
  const prepared = mapStrings(doc, (text, path) => {
    if (!hasDollar(text)) return text;
    const parsed = parseInterpolation(text);
    if (!parsed.ok) return text;
    const names = referencedNames(parsed.value);
    if (names.size === 0) return text;
    const where = formatPath(path);
    return allowsVariables(path)
      ? noteUsage(text, parsed.value, names, where, usage, log)
      : fixLiteralValue(text, parsed.value, names, where, log);
  }) as Dict;
  Object.assign(doc, prepared);
  return declareVariables(usage, lifted, hints, log);
}
