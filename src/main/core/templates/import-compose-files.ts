import {
  secretSchema,
  type TemplateConfigFile,
  type TemplateSecret,
  type TemplateVariable,
} from '@shared/contract/template-model';
import { entries, hasKey, isDict, removeKey, scalarText, type Dict } from './compose-values';
import { decideCredential } from './import-credentials';
import type { ImportLog } from './import-report';
import { inlineDefaults, parseInterpolation, referencedNames } from './interpolation';

/** What compose `secrets:` and `configs:` became: manifest secrets, variables and config files. */
export interface ComposeFiles {
  secrets: TemplateSecret[];
  variables: TemplateVariable[];
  configFiles: TemplateConfigFile[];
}

type Kind = 'secrets' | 'configs';

const valueName = (name: string): string => {
  const upper = name
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .slice(0, 64);
  return /^[A-Z_]/.test(upper) ? upper : `_${upper.slice(0, 63)}`;
};

/** Compose writes `mode: 0440` meaning octal; YAML may have read it as 440 or as 288. */
function modeOf(raw: unknown): string {
  if (typeof raw === 'string' && /^0?[0-7]{3}$/.test(raw)) return raw;
  if (typeof raw === 'number' && Number.isInteger(raw)) {
    if (/^[0-7]{3}$/.test(String(raw))) return `0${String(raw)}`;
    if (raw >= 0 && raw <= 0o777) return `0${raw.toString(8).padStart(3, '0')}`;
  }
  return '0444';
}

/** Where compose puts it: a secret under /run/secrets/, a config at the container's root, unless a target says. */
function mountPath(kind: Kind, name: string, target: unknown): string {
  const base = kind === 'secrets' ? '/run/secrets/' : '/';
  if (typeof target !== 'string' || target === '') return `${base}${name}`;
  return target.startsWith('/') ? target : `${base}${target}`;
}

interface Source {
  /** What the file's content is: `${NAME}` of a secret or variable, or the inline text. */
  content: string;
  secret?: TemplateSecret;
  variables?: TemplateVariable[];
  reason: string;
}

const required = (name: string, label: string, description: string, type: 'password' | 'text') => ({
  name,
  label: label.slice(0, 80),
  description: description.slice(0, 500),
  type,
  required: true,
});

/** A secret or config compose reads from an environment variable: a required variable the user types. */
function fromEnvironment(kind: 'secret' | 'config', name: string, environment: string): Source {
  const variable = valueName(environment);
  const type = kind === 'secret' ? 'password' : 'text';
  return {
    content: `\${${variable}}`,
    variables: [
      required(variable, environment, `The ${kind} ${name}, which compose read from ${environment}.`, type),
    ],
    reason: `The ${kind} ${name} came from the environment variable ${environment}; it became the required ${type === 'password' ? 'password ' : ''}variable ${variable}, which the user types.`,
  };
}

function secretSource(name: string, spec: Dict): Source | string {
  const value = valueName(name);
  if (typeof spec.environment === 'string') return fromEnvironment('secret', name, spec.environment);
  if (typeof spec.file !== 'string')
    return 'it is external or names no file; declare it as a secret or variable in the editor';
  // The file's content is not here: the name alone says whose credential it is, as for environment values.
  const decision = decideCredential(value, undefined);
  if (decision.role === 'typed') {
    return {
      content: `\${${value}}`,
      variables: [
        required(value, name, `The credential in ${spec.file}, for a service outside this app.`, 'password'),
      ],
      reason: `The secret ${name} (${spec.file}): ${decision.reason} It became the required password variable ${value}.`,
    };
  }
  return {
    content: `\${${value}}`,
    secret: secretSchema.parse({
      ...decision.secret,
      name: value,
      description: `Was the compose secret ${name} (${spec.file}).`,
    }),
    reason: `The secret ${name} (${spec.file}) became the generated secret ${value}: ${decision.reason}`,
  };
}

function configSource(name: string, spec: Dict): Source | string {
  if (typeof spec.content === 'string')
    return {
      content: spec.content,
      variables: contentVariables(spec.content),
      reason: `The config ${name} became a config file with its inline content.`,
    };
  const value = valueName(name);
  if (typeof spec.environment === 'string') return fromEnvironment('config', name, spec.environment);
  if (typeof spec.file !== 'string')
    return 'it is external or names no file; add it as a config file in the editor';
  return {
    content: `\${${value}}`,
    variables: [
      required(
        value,
        `Content of ${spec.file}`,
        `The import did not have ${spec.file}: fill in its content, or write it into this config file in the template editor.`,
        'text',
      ),
    ],
    reason: `The import did not have ${spec.file}: the config ${name} became a config file filled from the required variable ${value}; give it the file's content before deploying.`,
  };
}

/** Compose fills `${NAME}` in inline content from the environment: each becomes a variable, its inline default kept. */
function contentVariables(content: string): TemplateVariable[] {
  const parsed = parseInterpolation(content, 'braced');
  if (!parsed.ok) return [];
  const defaults = inlineDefaults(parsed.value);
  return [...referencedNames(parsed.value)].map((name) => {
    const fallback = defaults.get(name);
    const description = 'Used in a config file.';
    return fallback === undefined
      ? { name, label: name, description, type: 'text', required: true }
      : { name, label: name, description, type: 'text', default: fallback, required: false };
  });
}

/** The service's references: `name` or `{ source, target, mode }`. */
const referencesOf = (
  raw: unknown,
): { index: number; name: string; target: unknown; mode: unknown; isOwnedByUser: boolean }[] =>
  (Array.isArray(raw) ? raw : []).flatMap((item: unknown, index) => {
    if (typeof item === 'string')
      return [{ index, name: item, target: undefined, mode: undefined, isOwnedByUser: false }];
    if (isDict(item) && typeof item.source === 'string') {
      const isOwnedByUser = [item.uid, item.gid].some((id) => id !== undefined && scalarText(id) !== '0');
      return [{ index, name: item.source, target: item.target, mode: item.mode, isOwnedByUser }];
    }
    return [];
  });

const OWNER_NOTE =
  ' Hoster writes it owned by root, so instead of the uid/gid asked for it is readable by everyone (0444).';

function convertKind(doc: Dict, kind: Kind, files: ComposeFiles, log: ImportLog): void {
  const defined = isDict(doc[kind]) ? doc[kind] : {};
  const sources = new Map<string, Source | string>();
  for (const [name, spec] of entries(defined))
    sources.set(name, (kind === 'secrets' ? secretSource : configSource)(name, isDict(spec) ? spec : {}));
  const converted = new Set<string>();
  for (const [serviceName, service] of entries(doc.services)) {
    if (!isDict(service) || !hasKey(service, kind)) continue;
    const kept: unknown[] = [];
    const list: unknown[] = Array.isArray(service[kind]) ? service[kind] : [];
    for (const ref of referencesOf(service[kind])) {
      const source = sources.get(ref.name);
      const at = `services.${serviceName}.${kind}[${ref.index}]`;
      if (typeof source !== 'object') {
        kept.push(list[ref.index]);
        log.refused(
          at,
          `${ref.name} cannot be converted: ${source ?? `it is not declared under the top-level ${kind}`}.`,
        );
        continue;
      }
      const path = mountPath(kind, ref.name, ref.target);
      const mode = ref.isOwnedByUser ? '0444' : modeOf(ref.mode);
      files.configFiles.push({ service: serviceName, path, content: source.content, mode });
      if (source.secret && !files.secrets.some((s) => s.name === source.secret?.name))
        files.secrets.push(source.secret);
      for (const variable of source.variables ?? [])
        if (!files.variables.some((v) => v.name === variable.name)) files.variables.push(variable);
      converted.add(ref.name);
      log.changed(at, `${source.reason} It is written to ${path}.${ref.isOwnedByUser ? OWNER_NOTE : ''}`);
    }
    if (kept.length === 0) removeKey(service, kind);
    else service[kind] = kept;
  }
  for (const name of converted) removeKey(defined, name);
  for (const [name, source] of sources) {
    if (converted.has(name)) continue;
    if (typeof source === 'object') {
      removeKey(defined, name);
      log.changed(`${kind}.${name}`, `No service uses ${name}; removed.`);
    } else log.refused(`${kind}.${name}`, `${name} cannot be converted: ${source}.`);
  }
  if (hasKey(doc, kind) && entries(defined).length === 0) removeKey(doc, kind);
}

/**
 * Compose `secrets:` and `configs:` become files written into the containers where compose puts
 * them, through the manifest's config_files: a secret's content is a generated secret or a
 * password the user types, a config's is its inline text or a required value the user fills in.
 * Never an empty volume. What cannot be converted stays in the file for validation to name.
 */
export function convertSecretsAndConfigs(doc: Dict, log: ImportLog): ComposeFiles {
  const files: ComposeFiles = { secrets: [], variables: [], configFiles: [] };
  convertKind(doc, 'secrets', files, log);
  convertKind(doc, 'configs', files, log);
  return files;
}
