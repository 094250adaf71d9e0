import type { ImportReport } from '@shared/contract/template-model';
import { isDict, setOwn, type Dict } from './compose-values';
import { convertCompose } from './import-compose';
import { slugify } from './import-manifest';
import { guardImport, type ImportLog } from './import-report';
import type { VariableHint } from './import-variables';
import { issue } from './issues';
import { readJson } from './safe-json';
import { readYaml } from './safe-yaml';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_TEMPLATES = 500;
/** Not part of Portainer's format: a few tools put the stack's compose file inline under one of these. */
const INLINE_STACK_KEYS = ['stackfile_content', 'stackFileContent', 'compose'];

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const stripHtml = (html: string): string =>
  html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function hintFor(entry: Dict): VariableHint {
  const hint: VariableHint = {};
  if (text(entry.label) !== '') hint.label = text(entry.label).slice(0, 80);
  if (text(entry.description) !== '') hint.description = text(entry.description).slice(0, 500);
  const options = list(entry.select).filter(isDict);
  if (options.length > 0) {
    hint.type = 'select';
    hint.options = options.map((o) => ({
      value: text(o.value),
      label: (text(o.text) || text(o.value)).slice(0, 80) || '-',
    }));
    const chosen = options.find((o) => o.default === true);
    if (chosen) hint.default = text(chosen.value);
  } else if (text(entry.default) !== '') {
    hint.default = text(entry.default);
  }
  return hint;
}

const envEntries = (template: Dict): Dict[] =>
  list(template.env).filter((e): e is Dict => isDict(e) && NAME.test(text(e.name)));

/** A container's `env`: preset values stay literal, the rest become variables with Portainer's labels. */
function environmentOf(
  template: Dict,
  log: ImportLog,
  subject: string,
): { environment: Dict; hints: Map<string, VariableHint> } {
  const environment: Dict = {};
  const hints = new Map<string, VariableHint>();
  for (const entry of envEntries(template)) {
    const name = text(entry.name);
    if (entry.preset === true) {
      setOwn(environment, name, text(entry.default).replace(/\$/g, '$$$$'));
      log.taken(`${subject}.env.${name}`, 'A preset value, kept as written.');
    } else {
      setOwn(environment, name, `\${${name}}`);
      hints.set(name, hintFor(entry));
    }
  }
  return { environment, hints };
}

function volumesOf(template: Dict, volumes: Dict): string[] {
  const used = new Set<string>();
  return list(template.volumes).flatMap((volume) => {
    if (!isDict(volume) || !text(volume.container).startsWith('/')) return [];
    const suffix = volume.readonly === true ? ':ro' : '';
    if (text(volume.bind) !== '') return [`${text(volume.bind)}:${text(volume.container)}${suffix}`];
    let name = slugify(text(volume.container).split('/').filter(Boolean).pop() ?? 'data', 'data').replace(
      /-/g,
      '_',
    );
    for (let n = 2; used.has(name); n += 1) name = `${name.replace(/_\d+$/, '')}_${n}`;
    used.add(name);
    setOwn(volumes, name, null);
    return [`${name}:${text(volume.container)}${suffix}`];
  });
}

/** A container template (type 1) becomes a one-service compose file. */
function containerCompose(
  template: Dict,
  log: ImportLog,
  subject: string,
): { doc: Dict; hints: Map<string, VariableHint> } | null {
  const image = text(template.image);
  if (image === '') {
    log.refused(subject, 'The container template names no image.');
    return null;
  }
  const registry = text(template.registry);
  const volumes: Dict = {};
  const { environment, hints } = environmentOf(template, log, subject);
  const service: Dict = { image: registry === '' ? image : `${registry.replace(/\/+$/, '')}/${image}` };
  if (text(template.command) !== '') service.command = text(template.command);
  if (Object.keys(environment).length > 0) service.environment = environment;
  const ports = list(template.ports)
    .map(text)
    .filter((p) => p !== '');
  if (ports.length > 0) service.ports = ports;
  const mounts = volumesOf(template, volumes);
  if (mounts.length > 0) service.volumes = mounts;
  if (text(template.restart_policy) !== '') service.restart = text(template.restart_policy);
  if (text(template.hostname) !== '') service.hostname = text(template.hostname);
  if (template.privileged === true) service.privileged = true;
  if (template.interactive === true) Object.assign(service, { tty: true, stdin_open: true });
  if (text(template.network) === 'host') service.network_mode = 'host';
  else if (text(template.network) !== '')
    log.refused(
      `${subject}.network`,
      `The network "${text(template.network)}" is outside the deployment; the service joins the deployment's own network.`,
    );
  const labels = Object.fromEntries(
    list(template.labels).flatMap((l) =>
      isDict(l) && text(l.name) !== '' ? [[text(l.name), text(l.value)]] : [],
    ),
  );
  if (Object.keys(labels).length > 0) service.labels = labels;
  const serviceName = slugify(text(template.name) || text(template.title), 'app');
  const doc: Dict = { services: { [serviceName]: service } };
  if (Object.keys(volumes).length > 0) doc.volumes = volumes;
  return { doc, hints };
}

function stackCompose(template: Dict, log: ImportLog, subject: string): Dict | null {
  const inline = INLINE_STACK_KEYS.map((key) => template[key]).find((value) => typeof value === 'string');
  if (typeof inline !== 'string') {
    const url = isDict(template.repository) ? text(template.repository.url) : '';
    log.refused(
      subject,
      `The compose file lives in a repository${url ? ` (${url})` : ''}, which Hoster does not fetch; download it and import it as a compose file.`,
    );
    return null;
  }
  const read = readYaml(inline, 'import');
  if (!read.ok || !isDict(read.value) || !isDict(read.value.services)) {
    log.refused(
      subject,
      `The inline compose file cannot be used: ${read.ok ? 'it has no services' : (read.errors[0]?.message ?? 'unreadable')}.`,
    );
    return null;
  }
  return structuredClone(read.value);
}

function importOne(template: unknown, index: number, log: ImportLog): void {
  if (!isDict(template)) {
    log.refused(`templates[${index}]`, 'Not a template object.');
    return;
  }
  const title = text(template.title) || text(template.name) || `Template ${index + 1}`;
  const subject = `templates[${index}] (${title.slice(0, 60)})`;
  const type = Number(template.type ?? 1);
  if (type === 2) {
    log.refused(subject, 'Swarm stacks are not supported; Hoster deploys to single Docker nodes.');
    return;
  }
  if (text(template.platform) === 'windows') {
    log.refused(subject, 'Windows containers are not supported.');
    return;
  }
  if (type !== 1 && type !== 3) {
    log.refused(subject, `Template type ${String(template.type)} is unknown.`);
    return;
  }
  const converted =
    type === 1
      ? containerCompose(template, log, subject)
      : {
          doc: stackCompose(template, log, subject),
          hints: new Map(envEntries(template).map((e) => [text(e.name), hintFor(e)])),
        };
  if (!converted?.doc) return;
  if (text(template.logo) !== '')
    log.changed(
      `${subject}.logo`,
      'The logo is a web address, which Hoster does not load; the category icon is used.',
    );
  const categories = list(template.categories)
    .map(text)
    .filter((c) => c !== '');
  log.taken(
    subject,
    type === 1
      ? 'A container template, converted to a one-service compose file.'
      : 'A compose stack with an inline compose file.',
  );
  const draft = {
    name: title,
    description: text(template.description),
    categoryWords: categories,
    notes: stripHtml(text(template.note)),
    hints: converted.hints,
  };
  convertCompose(converted.doc, draft, log.scoped(subject));
}

/**
 * Imports a Portainer app templates file (format version 2 or 3). Container templates become
 * one-service templates; compose stacks come through only when their file is inline, since the
 * repository they point to cannot be fetched; swarm stacks are refused.
 */
export function importPortainerTemplates(json: string): ImportReport {
  return guardImport('portainer', (log) => {
    const read = readJson(json, MAX_FILE_BYTES);
    if (!read.ok) return log.fail(read.error);
    const file = read.value;
    if (!isDict(file) || !Array.isArray(file.templates)) {
      return log.fail(
        issue(
          'import',
          'import:not-portainer',
          'This is not a Portainer templates file: it has no templates list.',
        ),
      );
    }
    const version = text(file.version);
    if (version !== '2' && version !== '3') {
      return log.fail(
        issue(
          'import',
          'import:portainer-version',
          `Portainer templates version "${version}" is not supported; versions 2 and 3 are.`,
          ['version'],
        ),
      );
    }
    const templates = file.templates as unknown[];
    if (templates.length > MAX_TEMPLATES)
      log.refused(
        'templates',
        `Only the first ${MAX_TEMPLATES} of ${templates.length} templates were imported.`,
      );
    templates.slice(0, MAX_TEMPLATES).forEach((template, index) => importOne(template, index, log));
    return log.report;
  });
}
