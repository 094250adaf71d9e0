import type { ImportReport, TemplateManifestInput } from '@shared/contract/template-model';
import { casaOsCategoryOf, casaOsDescription, casaOsPrimary, localized } from './casaos-fields';
import { generatedValues, pointNotesAtSecrets, tipsText } from './casaos-notes';
import { appDataToVolumes, noteMovedFolders } from './casaos-volumes';
import { mapStrings } from './compose-interpolation';
import { entries, hasKey, isDict, removeKey, scalarText, setOwn, type Dict } from './compose-values';
import { convertCompose } from './import-compose';
import { iconFor, slugify } from './import-manifest';
import { guardImport, type ImportLog } from './import-report';
import { formatFromDescription, OPENSSL_COMMAND } from './import-credentials';
import { isSecretName } from './import-environment';
import type { VariableHint } from './import-variables';
import { formatPath, issue } from './issues';
import { readYaml } from './safe-yaml';

const EXTENSION = 'x-casaos';

type SecretInput = NonNullable<TemplateManifestInput['secrets']>[number];

const described = (list: unknown): { container: string; description: string }[] =>
  (Array.isArray(list) ? list : []).flatMap((item: unknown) =>
    isDict(item) && (typeof item.container === 'string' || typeof item.container === 'number')
      ? [{ container: String(item.container), description: localized(item.description).trim() }]
      : [],
  );

/** CasaOS's own variables: $AppID is the app's name, PUID/PGID its default user; TZ becomes a real variable. */
function replaceSystemVariables(doc: Dict, appId: string, log: ImportLog): Dict {
  return mapStrings(doc, (text, path) => {
    const replaced = text.replace(/\$\{?AppID\}?/g, appId).replace(/\$\{?(PUID|PGID)\}?/g, '1000');
    if (replaced !== text)
      log.changed(formatPath(path), 'CasaOS system values ($AppID, $PUID, $PGID) were written in.');
    return replaced;
  }) as Dict;
}

/** A description's first sentence as a label, cut at a word with "…" when it is longer than a label may be. */
const labelOf = (description: string): string => {
  const sentence = (description.split(/(?<=[.!?。])\s/)[0] ?? description).replace(/[.。]$/, '').trim();
  if (sentence.length <= 80) return sentence;
  const cut = sentence.slice(0, 79);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 79)}…`;
};

/** `- KEY=value` items as `KEY: value` (`- KEY` alone as `KEY:`), which compose reads the same. */
const environmentAsMap = (list: unknown[]): Dict => {
  const map: Dict = {};
  for (const item of list) {
    const [key = '', ...value] = scalarText(item).split('=');
    if (key.trim() !== '') setOwn(map, key.trim(), value.length === 0 ? null : value.join('='));
  }
  return map;
};

/** Described environment values become variables, labelled with CasaOS's description. */
function describedEnvironment(
  service: Dict,
  descriptions: { container: string; description: string }[],
  hints: Map<string, VariableHint>,
): void {
  if (Array.isArray(service.environment) && descriptions.length > 0)
    service.environment = environmentAsMap(service.environment);
  if (!isDict(service.environment)) return;
  const environment = service.environment;
  for (const { container: key, description } of descriptions) {
    const value = environment[key];
    if (description === '' || value === undefined) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || hints.has(key)) continue;
    const words = { label: labelOf(description), description: description.slice(0, 500) };
    // CasaOS leaves `KEY: $KEY` empty until the user fills it in: optional, in CasaOS's words.
    const self = typeof value === 'string' && new RegExp(`^\\$\\{?${key}\\}?$`).test(value.trim());
    if (isSecretName(key) || self) hints.set(key, isSecretName(key) ? words : { ...words, required: false });
    if (isSecretName(key) || self || (typeof value === 'string' && value.includes('$'))) continue;
    setOwn(environment, key, `\${${key}}`);
    hints.set(key, { ...words, ...(value === null ? {} : { default: scalarText(value) }) });
  }
}

/**
 * Takes every service's `x-casaos` block out: environment descriptions become variable hints,
 * volume and port descriptions become one note per service (returned).
 */
function takeServiceExtensions(doc: Dict, hints: Map<string, VariableHint>, log: ImportLog): string[] {
  const notes: string[] = [];
  for (const [serviceName, service] of entries(doc.services)) {
    if (!isDict(service) || !hasKey(service, EXTENSION)) continue;
    const extension = isDict(service[EXTENSION]) ? service[EXTENSION] : {};
    removeKey(service, EXTENSION);
    log.taken(
      `services.${serviceName}.${EXTENSION}`,
      'Port, volume and environment descriptions went into the manifest.',
    );
    describedEnvironment(service, described(extension.envs), hints);
    const lines = [...described(extension.volumes), ...described(extension.ports)]
      .filter((d) => d.description !== '')
      .map((d) => `- ${d.container}: ${d.description}`);
    if (lines.length > 0) notes.push(`${serviceName}:\n${lines.join('\n')}`);
  }
  return notes;
}

/** CasaOS's app id is the compose project `name:`; older files only have `store_app_id`, or a title. */
function appIdOf(source: Dict, app: Dict, title: string, log: ImportLog): string {
  const given = [source.name, app.store_app_id].find((v) => typeof v === 'string' && v.trim() !== '');
  if (typeof given !== 'string')
    log.changed('name', `The file has no app id (name:), so the id was made from the title "${title}".`);
  return slugify(typeof given === 'string' ? given : title, 'casaos-app');
}

const UNUSED: Record<string, string> = {
  architectures: "the node's own platform is used",
  thumbnail: 'Hoster shows no pictures from the web',
  screenshot_link: 'Hoster shows no pictures from the web',
  index: '"Open app" opens the root of the web UI',
};

/** Lists the app fields Hoster has no place for, in one line, and the icon, which must be an emoji. */
function reportUnused(app: Dict, log: ImportLog): void {
  const unused = Object.keys(UNUSED).filter(
    (key) => hasKey(app, key) && !(key === 'index' && app.index === '/'),
  );
  if (unused.length > 0)
    log.refused(
      EXTENSION,
      `Not carried over: ${unused.map((key) => `${key} (${UNUSED[key] ?? ''})`).join(', ')}.`,
    );
  if (typeof app.icon === 'string' && app.icon !== '')
    log.changed(
      `${EXTENSION}.icon`,
      "The icon is a picture on the web; Hoster shows an emoji or a built-in icon, so the category's icon is used (change it in the editor).",
    );
}

/** A secret whose CasaOS description gives the command that makes it (`openssl rand -hex 32`) takes that format. */
function describedFormat(secret: SecretInput, description: string, log: ImportLog): SecretInput {
  const format = formatFromDescription(secret, description);
  if (format === null) return secret;
  log.changed(
    secret.name,
    `Its description makes it with "${OPENSSL_COMMAND.exec(description)?.[0] ?? 'openssl rand'}", so it is generated in that format.`,
  );
  return format;
}

interface CasaOsFacts {
  app: Dict;
  appId: string;
  /** The compose file before variables were inferred, to see which written-in passwords became secrets. */
  before: Dict;
  /** CasaOS's description of each environment key, also those that became secrets. */
  envDescriptions: ReadonlyMap<string, string>;
}

/** The descriptions of every service's environment keys, before the x-casaos blocks are taken out. */
const environmentDescriptions = (doc: Dict): Map<string, string> =>
  new Map(
    entries(doc.services).flatMap(([, service]) =>
      isDict(service) && isDict(service[EXTENSION])
        ? described(service[EXTENSION].envs)
            .filter((d) => d.description !== '')
            .map((d): [string, string] => [d.container, d.description.slice(0, 500)])
        : [],
    ),
  );

/**
 * What only CasaOS knows, set on the manifest as it is added: the app id as slug, the mapped
 * category and its icon, secrets described as CasaOS describes their key, and notes that point
 * at the secrets replacing a stated default password.
 */
function finishingLog(log: ImportLog, { app, appId, before, envDescriptions }: CasaOsFacts): ImportLog {
  const finish = (manifest: TemplateManifestInput, compose: unknown): TemplateManifestInput => {
    const category = casaOsCategoryOf(app, compose, log);
    const secrets = (manifest.secrets ?? []).map((s) => s.name);
    const values = generatedValues(before, isDict(compose) ? compose : {}, secrets);
    const { notes, rewritten } = pointNotesAtSecrets(manifest.notes ?? '', values);
    for (const [value, secret] of rewritten)
      log.changed(
        `${EXTENSION}.tips`,
        `The note's default password "${value}" now points at the generated secret ${secret}: each deployment gets its own.`,
      );
    const withDescriptions = (manifest.secrets ?? []).map((secret) => {
      const description = envDescriptions.get(secret.name);
      if (description === undefined) return secret;
      const described = secret.description === undefined ? { ...secret, description } : secret;
      return describedFormat(described, description, log);
    });
    return { ...manifest, slug: appId, category, icon: iconFor(category), notes, secrets: withDescriptions };
  };
  return { ...log, add: (manifest, compose) => log.add(finish(manifest, compose), compose) };
}

/**
 * Imports a CasaOS app-store compose file: its `x-casaos` blocks (title, description, category,
 * tips, port and env descriptions) become the manifest and are then removed from the compose file.
 * The app id (compose `name:`) is the slug and `$AppID`; the title is the display name.
 */
export function importCasaOsApp(text: string): ImportReport {
  return guardImport('casaos', (log) => {
    const read = readYaml(text, 'import');
    if (!read.ok)
      return log.fail(read.errors[0] ?? issue('import', 'import:unreadable', 'The file cannot be read.'));
    if (!isDict(read.value) || !isDict(read.value.services))
      return log.fail(
        issue('import', 'import:not-compose', 'This is not a compose file: it has no services.'),
      );
    const source = structuredClone(read.value);
    const app = isDict(source[EXTENSION]) ? source[EXTENSION] : null;
    if (app === null)
      return log.fail(
        issue(
          'import',
          'import:not-casaos',
          'The file has no x-casaos block; import it as a plain compose file.',
        ),
      );
    removeKey(source, EXTENSION);
    log.taken(EXTENSION, 'Title, description, category, tips and the main port went into the manifest.');
    reportUnused(app, log);

    const title = localized(app.title) || scalarText(app.main) || 'CasaOS app';
    const appId = appIdOf(source, app, title, log);
    const volumes = appDataToVolumes(source, appId, log);
    const doc = replaceSystemVariables(source, appId, log);
    const hints = new Map<string, VariableHint>([['TZ', { label: 'Time zone', default: 'Etc/UTC' }]]);
    const envDescriptions = environmentDescriptions(doc);
    const notes = [tipsText(app.tips), ...takeServiceExtensions(doc, hints, log)];
    const primary = casaOsPrimary(doc, app, log);
    convertCompose(
      doc,
      {
        name: title,
        description: casaOsDescription(app),
        categoryWords: [scalarText(app.category)].filter((c) => c !== ''),
        notes: noteMovedFolders(notes.filter((n) => n !== '').join('\n\n'), appId, volumes),
        hints,
        ...(primary ? { primary } : {}),
      },
      finishingLog(log, { app, appId, before: structuredClone(doc), envDescriptions }),
    );
    return log.report;
  });
}
