import {
  templateManifestSchema,
  type NormalizedCompose,
  type TemplateManifest,
} from '@shared/contract/template-model';
import type { z } from 'zod';
import { isDict } from './compose-values';
import { parseInterpolation, referencedNames } from './interpolation';
import { createIssueCollector, formatPath, type IssueCollector, type PathSegment } from './issues';
import { readYaml, type YamlLimits } from './safe-yaml';
import { checkVariableValue } from './variable-values';

export interface ManifestRead {
  manifest: TemplateManifest | null;
  /** Names of variables and secrets, read leniently even from a manifest with errors. */
  declared: Set<string>;
  issues: IssueCollector;
}

const toPath = (path: readonly PropertyKey[]): PathSegment[] =>
  path.map((s) => (typeof s === 'number' ? s : String(s)));

const zodMessage = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'unrecognized_keys') return 'is not a manifest key';
  return issue.message;
};

const namesIn = (list: unknown): string[] =>
  Array.isArray(list)
    ? list.flatMap((item: unknown) => (isDict(item) && typeof item.name === 'string' ? [item.name] : []))
    : [];

/** Reads a manifest given as an object or as YAML text, and checks it against the manifest schema. */
export function readManifest(input: unknown, limits?: YamlLimits): ManifestRead {
  let value = input;
  let issues = createIssueCollector('manifest');
  if (typeof input === 'string') {
    const read = readYaml(input, 'manifest', limits);
    if (!read.ok) {
      read.errors.forEach((e) => issues.errors.push(e));
      return { manifest: null, declared: new Set(), issues };
    }
    value = read.value;
    issues = createIssueCollector('manifest', read.locate);
  }
  const declared = new Set(isDict(value) ? [...namesIn(value.variables), ...namesIn(value.secrets)] : []);
  const parsed = templateManifestSchema.safeParse(value);
  if (parsed.success) return { manifest: parsed.data, declared, issues };
  for (const zodIssue of parsed.error.issues.slice(0, 50)) {
    const base = toPath(zodIssue.path);
    const keys = zodIssue.code === 'unrecognized_keys' ? zodIssue.keys : [null];
    for (const key of keys) {
      const path = key === null ? base : [...base, key];
      const where = formatPath(path);
      const message = zodMessage(zodIssue);
      issues.error(
        'manifest:invalid',
        where === '' ? message : message.startsWith('is ') ? `${where} ${message}` : `${where}: ${message}`,
        path,
        key === null ? 'value' : 'key',
      );
    }
  }
  return { manifest: null, declared, issues };
}

type ServicesByName = ReadonlyMap<string, NormalizedCompose['services'][number]>;

/** Each config file goes into a service of the compose file and names only declared values. */
function checkConfigFiles(
  manifest: TemplateManifest,
  services: ServicesByName | null,
  used: Set<string>,
  issues: IssueCollector,
): void {
  const declared = new Set([
    ...manifest.variables.map((v) => v.name),
    ...manifest.secrets.map((s) => s.name),
  ]);
  manifest.config_files.forEach((file, index) => {
    if (services && !services.has(file.service)) {
      issues.error(
        'manifest:config-service',
        `config_files[${index}] goes into "${file.service}", which is not a service of the compose file.`,
        ['config_files', index, 'service'],
      );
    }
    const parsed = parseInterpolation(file.content, 'braced');
    if (!parsed.ok) {
      issues.error('variable:syntax', parsed.error, ['config_files', index, 'content']);
      return;
    }
    for (const name of referencedNames(parsed.value)) {
      used.add(name);
      if (!declared.has(name))
        issues.error('variable:undeclared', `\${${name}} is not a variable or secret of this template.`, [
          'config_files',
          index,
          'content',
        ]);
    }
  });
}

/** The primary service is in the compose file and publishes or exposes the primary port. */
function checkPrimary(manifest: TemplateManifest, services: ServicesByName, issues: IssueCollector): void {
  if (!manifest.primary) return;
  const service = services.get(manifest.primary.service);
  const port = manifest.primary.port;
  if (!service) {
    issues.error(
      'manifest:primary-service',
      `The primary service "${manifest.primary.service}" is not in the compose file.`,
      ['primary', 'service'],
    );
  } else if (!service.ports.some((p) => p.target === port) && !service.expose.some((e) => e.port === port)) {
    issues.error(
      'manifest:primary-port',
      `${service.name} neither publishes nor exposes port ${port}; list it under its ports or expose.`,
      ['primary', 'port'],
    );
  }
}

/**
 * Each backup command runs in a service of the compose file, at most one entry per service (a
 * service has one database to dump), and each command names a program to exec.
 */
function checkBackups(
  manifest: TemplateManifest,
  services: ServicesByName | null,
  issues: IssueCollector,
): void {
  const listed = new Set<string>();
  manifest.backups.forEach((backup, index) => {
    const path = ['backups', index, 'service'];
    if (services && !services.has(backup.service))
      issues.error(
        'manifest:backup-service',
        `backups[${index}] runs in "${backup.service}", which is not a service of the compose file.`,
        path,
      );
    else if (listed.has(backup.service))
      issues.error(
        'manifest:backup-duplicate',
        `${backup.service} has backup commands already; list each service once.`,
        path,
      );
    listed.add(backup.service);
    for (const command of ['dump', 'restore'] as const) {
      if (backup[command][0]?.trim() === '')
        issues.error(
          'manifest:backup-command',
          `backups[${index}].${command} starts with an empty word; the first word is the program to run.`,
          ['backups', index, command, 0],
        );
    }
  });
}

/** Each maintenance command runs in a service of the compose file, names a program, and has a name of its own. */
function checkCommands(manifest: TemplateManifest, services: ServicesByName | null, issues: IssueCollector): void {
  const names = new Set<string>();
  manifest.commands.forEach((command, index) => {
    if (services && !services.has(command.service))
      issues.error(
        'manifest:command-service',
        `commands[${index}] runs in "${command.service}", which is not a service of the compose file.`,
        ['commands', index, 'service'],
      );
    if (command.command[0]?.trim() === '')
      issues.error(
        'manifest:command-program',
        `commands[${index}].command starts with an empty word; the first word is the program to run.`,
        ['commands', index, 'command', 0],
      );
    if (names.has(command.name))
      issues.error('manifest:command-duplicate', `Two commands are named "${command.name}"; give each its own name.`, [
        'commands',
        index,
        'name',
      ]);
    names.add(command.name);
  });
}

/** Every declared variable and secret is used, and every variable's default is a valid value. */
function checkDeclarations(
  manifest: TemplateManifest,
  used: ReadonlySet<string>,
  issues: IssueCollector,
): void {
  manifest.variables.forEach((variable, index) => {
    if (!used.has(variable.name))
      issues.warn('variable:unused', `${variable.name} is declared but never used.`, [
        'variables',
        index,
        'name',
      ]);
    if (variable.default === undefined) return;
    const problem = checkVariableValue(variable, variable.default);
    if (problem !== null)
      issues.error('manifest:invalid-default', `The default of ${variable.name} ${problem}.`, [
        'variables',
        index,
        'default',
      ]);
  });
  manifest.secrets.forEach((secret, index) => {
    if (!used.has(secret.name))
      issues.warn('variable:unused', `${secret.name} is declared but never used.`, [
        'secrets',
        index,
        'name',
      ]);
  });
}

/** Checks that hold between the manifest and the compose file, and within the manifest's own values. */
export function checkManifestAgainstCompose(
  manifest: TemplateManifest,
  compose: NormalizedCompose | null,
  usedInCompose: ReadonlySet<string>,
  issues: IssueCollector,
): void {
  const used = new Set(usedInCompose);
  const services = compose ? new Map(compose.services.map((s) => [s.name, s])) : null;
  checkConfigFiles(manifest, services, used, issues);
  if (services) checkPrimary(manifest, services, issues);
  checkBackups(manifest, services, issues);
  checkCommands(manifest, services, issues);
  checkDeclarations(manifest, used, issues);
}
