import { posix } from 'node:path';
import type { TemplateConfigFile, TemplateVariable } from '@shared/contract/template-model';
import { entries, isDict, type Dict } from './compose-values';
import type { ImportLog } from './import-report';

/** The files that came with the compose file, by path relative to its folder; null content: binary or too large. */
export type BoundFolder = ReadonlyMap<string, string | null>;

export interface BoundFiles {
  configFiles: TemplateConfigFile[];
  variables: TemplateVariable[];
  /** Refused binds, left as they are for validation to name: never turned into empty volumes. */
  refused: Set<unknown>;
}

/** The manifest holds at most 20 config files; compose secrets and configs need room too. */
const MAX_CONFIG_FILES = 20;
/** A name with an extension (`nginx.conf`, `.htpasswd`) is taken for a file when the folder does not say. */
const FILE_LIKE = /(^|\/)[^/]*\.[A-Za-z0-9]{1,10}$/;

/** `$` stays itself through the config file's `${NAME}` substitution only when doubled. */
const escapeDollars = (text: string): string => text.replaceAll('$', '$$$$');

const modeFor = (path: string, content: string): string =>
  path.endsWith('.sh') || content.startsWith('#!') ? '0755' : '0644';

interface Bind {
  source: string;
  target: string;
}

/** A bind's relative source and container target, from the short (`./a:/b:ro`) or long syntax. */
function bindOf(item: unknown): Bind | null {
  if (typeof item === 'string') {
    const [source = '', target = ''] = item.split(':');
    return source.startsWith('./') || source === '.' || source.startsWith('../') ? { source, target } : null;
  }
  if (isDict(item) && item.type === 'bind' && typeof item.source === 'string') {
    const { source } = item;
    const isRelative = source.startsWith('./') || source === '.' || source.startsWith('../');
    return isRelative && typeof item.target === 'string' ? { source, target: item.target } : null;
  }
  return null;
}

const variableName = (service: string, source: string): string =>
  `FILE_${`${service}_${source}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`.replace(/_+$/, '').slice(0, 64);

interface Conversion {
  folder: BoundFolder | undefined;
  log: ImportLog;
  out: BoundFiles;
}

/** No file to take: the user pastes its contents in the deploy form, a required multi-line variable. */
function askForFile(c: Conversion, service: string, bind: Bind, at: string, why: string): true | 'refused' {
  if (c.out.configFiles.length >= MAX_CONFIG_FILES) return tooMany(c, bind, at, 1);
  const name = variableName(service, bind.source);
  if (!c.out.variables.some((v) => v.name === name))
    c.out.variables.push({
      name,
      label: `Contents of ${bind.source} for service ${service}`.slice(0, 80),
      description:
        `The compose file bound ${bind.source} into ${bind.target}; ${why}. Paste the file's contents.`.slice(
          0,
          500,
        ),
      type: 'multiline',
      required: true,
    });
  c.out.configFiles.push({ service, path: bind.target, content: `\${${name}}`, mode: '0644' });
  c.log.changed(
    at,
    `${bind.source} became a config file at ${bind.target} filled from the required variable ${name}: ${why}, so give its contents before deploying.`,
  );
  return true;
}

/** Tries to turn one relative bind into config files; false leaves it to become a named volume. */
function convertBind(c: Conversion, service: string, given: Bind, at: string): boolean | 'refused' {
  const bind = { ...given, target: given.target.replace(/(.)\/+$/, '$1') };
  if (!bind.target.startsWith('/') || bind.target === '/') return false;
  const path = posix.normalize(bind.source).replace(/\/+$/, '');
  // Folder paths never leave the picked folder (the contract and the zip reader see to it), so
  // `../shared/x.conf` from a compose file in a subfolder is looked up like any other.
  const file = c.folder?.get(path);
  const room = MAX_CONFIG_FILES - c.out.configFiles.length;
  if (file === null) {
    c.log.refused(
      at,
      `${bind.source} is binary or larger than 64 KB, and a config file holds up to 64 KB of text: build it into the image or keep it in a volume.`,
    );
    return 'refused';
  }
  if (file !== undefined) {
    if (room < 1) return tooMany(c, bind, at, 1);
    c.out.configFiles.push({
      service,
      path: bind.target,
      content: escapeDollars(file),
      mode: modeFor(path, file),
    });
    c.log.changed(
      at,
      `${bind.source} became a config file at ${bind.target}, with the content it has in the folder.`,
    );
    return true;
  }
  return convertFolderBind(c, service, bind, at, path);
}

/** A bind of a folder (or of a file the import lacks): one config file per file it holds. */
function convertFolderBind(
  c: Conversion,
  service: string,
  bind: Bind,
  at: string,
  path: string,
): boolean | 'refused' {
  const room = MAX_CONFIG_FILES - c.out.configFiles.length;
  const prefix = path === '.' ? '' : `${path}/`;
  const inFolder = [...(c.folder ?? new Map<string, string | null>())].filter(([p]) => p.startsWith(prefix));
  if (inFolder.length === 0) {
    if (!FILE_LIKE.test(bind.source)) return false;
    const why = c.folder ? 'the folder does not have it' : 'the import had only the compose file';
    return askForFile(c, service, bind, at, why);
  }
  const binary = inFolder.find(([, content]) => content === null);
  if (binary) {
    c.log.refused(
      at,
      `The folder ${bind.source} holds ${binary[0]}, which is binary or larger than 64 KB; only text files can become config files: build the folder into the image or keep it in a volume.`,
    );
    return 'refused';
  }
  if (inFolder.length > room) return tooMany(c, bind, at, inFolder.length);
  for (const [name, content] of inFolder)
    c.out.configFiles.push({
      service,
      path: posix.join(bind.target, name.slice(prefix.length)),
      content: escapeDollars(content ?? ''),
      mode: modeFor(name, content ?? ''),
    });
  c.log.changed(
    at,
    `The folder ${bind.source} became ${inFolder.length} config files under ${bind.target}, with the content they have in the folder.`,
  );
  return true;
}

function tooMany(c: Conversion, bind: Bind, at: string, count: number): 'refused' {
  c.log.refused(
    at,
    `${bind.source} needs ${count} config files and a template holds at most ${MAX_CONFIG_FILES}: build these files into the image, or bind fewer.`,
  );
  return 'refused';
}

/**
 * Relative file binds mean nothing on a node, which has no project folder: each becomes config
 * files with the content the folder gives (a bound folder of text files, one per file), or, when
 * the import lacks the file, a config file filled from a required multi-line variable the user
 * types before deploying. A bound folder the import does not have (data such as `./db`) is left
 * to become a named volume; a binary bound file is refused and stays for validation to name.
 */
export function convertBoundFiles(doc: Dict, folder: BoundFolder | undefined, log: ImportLog): BoundFiles {
  const c: Conversion = { folder, log, out: { configFiles: [], variables: [], refused: new Set() } };
  for (const [service, value] of entries(doc.services)) {
    if (!isDict(value) || !Array.isArray(value.volumes)) continue;
    const kept: unknown[] = [];
    value.volumes.forEach((item: unknown, index) => {
      const bind = bindOf(item);
      const converted = bind ? convertBind(c, service, bind, `services.${service}.volumes[${index}]`) : false;
      if (converted !== true) kept.push(item);
      if (converted === 'refused') c.out.refused.add(item);
    });
    value.volumes = kept;
  }
  return c.out;
}

/**
 * A compose config read from a file (`configs: { x: { file: ./x.conf } }`) takes the file's text
 * from the folder, as inline content (its `$` doubled, so nothing in it is read as a variable).
 */
export function inlineConfigFiles(doc: Dict, folder: BoundFolder | undefined, log: ImportLog): void {
  if (!folder) return;
  for (const [name, spec] of entries(doc.configs)) {
    if (!isDict(spec) || typeof spec.file !== 'string') continue;
    const path = posix.normalize(spec.file);
    const content = path.startsWith('..') ? undefined : folder.get(path);
    if (typeof content !== 'string') continue;
    log.taken(`configs.${name}`, `The content of ${spec.file} was taken from the folder.`);
    delete spec.file;
    spec.content = escapeDollars(content);
  }
}
