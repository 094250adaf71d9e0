import type { ImportReport, TemplateManifestInput } from '@shared/contract/template-model';
import { mapStrings } from './compose-interpolation';
import { entries, hasKey, isDict, removeKey, scalarText, setOwn, type Dict } from './compose-values';
import { convertCompose } from './import-compose';
import { slugify } from './import-manifest';
import { guardImport, type ImportLog } from './import-report';
import { isSecretName, type VariableHint } from './import-variables';
import { formatPath, issue } from './issues';
import { readYaml } from './safe-yaml';

const EXTENSION = 'x-casaos';

/** CasaOS fields are `{ en_us: "…", zh_cn: "…" }` or plain text. */
const localized = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (!isDict(value)) return '';
  const english = value.en_us ?? value.en_US ?? value.en;
  if (typeof english === 'string') return english;
  const first = Object.values(value).find((v) => typeof v === 'string');
  return typeof first === 'string' ? first : '';
};

const described = (list: unknown): { container: string; description: string }[] =>
  (Array.isArray(list) ? list : []).flatMap((item: unknown) =>
    isDict(item) && (typeof item.container === 'string' || typeof item.container === 'number')
      ? [{ container: String(item.container), description: localized(item.description).trim() }]
      : [],
  );

/** CasaOS's own variables: $AppID is the app's name, PUID/PGID its default user; TZ becomes a real variable. */
function replaceSystemVariables(doc: Dict, slug: string, log: ImportLog): Dict {
  return mapStrings(doc, (text, path) => {
    const replaced = text.replace(/\$\{?AppID\}?/g, slug).replace(/\$\{?(PUID|PGID)\}?/g, '1000');
    if (replaced !== text)
      log.changed(formatPath(path), 'CasaOS system values ($AppID, $PUID, $PGID) were written in.');
    return replaced;
  }) as Dict;
}

/** Binds into /DATA/AppData/<app>/… are CasaOS's per-app storage: they become named volumes. */
function appDataToVolumes(doc: Dict, slug: string, log: ImportLog): void {
  const prefix = `/DATA/AppData/${slug}/`;
  const declared = isDict(doc.volumes) ? doc.volumes : {};
  for (const [serviceName, service] of entries(doc.services)) {
    if (!isDict(service) || !Array.isArray(service.volumes)) continue;
    service.volumes = service.volumes.map((item: unknown, index) => {
      const source =
        typeof item === 'string'
          ? (item.split(':')[0] ?? '')
          : isDict(item) && typeof item.source === 'string'
            ? item.source
            : '';
      if (!source.startsWith(prefix)) return item;
      const name = slugify(source.slice(prefix.length), 'data').replace(/-/g, '_');
      setOwn(declared, name, null);
      log.changed(
        `services.${serviceName}.volumes[${index}]`,
        `CasaOS's app folder ${source} became the named volume "${name}".`,
      );
      if (typeof item === 'string') return [name, ...item.split(':').slice(1)].join(':');
      const volume: Dict = { ...(item as Dict), type: 'volume', source: name };
      delete volume.bind;
      return volume;
    });
  }
  if (Object.keys(declared).length > 0) doc.volumes = declared;
}

/** Described environment values become variables, labelled with CasaOS's description. */
function describedEnvironment(
  service: Dict,
  descriptions: { container: string; description: string }[],
  hints: Map<string, VariableHint>,
): void {
  if (!isDict(service.environment)) return;
  const environment = service.environment;
  for (const { container: key, description } of descriptions) {
    const value = environment[key];
    if (description === '' || value === undefined || (typeof value === 'string' && value.includes('$')))
      continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || isSecretName(key) || hints.has(key)) continue;
    setOwn(environment, key, `\${${key}}`);
    hints.set(key, {
      label: description.slice(0, 80),
      description: description.slice(0, 500),
      ...(value === null ? {} : { default: scalarText(value) }),
    });
  }
}

function primaryOf(doc: Dict, app: Dict): TemplateManifestInput['primary'] {
  const main =
    typeof app.main === 'string' && isDict(doc.services) && isDict(doc.services[app.main])
      ? app.main
      : undefined;
  const service = main === undefined ? undefined : (doc.services as Dict)[main];
  if (main === undefined || !isDict(service) || !Array.isArray(service.ports)) return undefined;
  const ports = service.ports.map((p: unknown) =>
    isDict(p)
      ? { target: Number(p.target), published: scalarText(p.published) }
      : {
          target: Number(String(p).split(':').pop()?.split('/')[0]),
          published: String(p).split(':').slice(-2, -1)[0] ?? '',
        },
  );
  const chosen = ports.find((p) => p.published === scalarText(app.port_map)) ?? ports[0];
  if (!chosen || !Number.isInteger(chosen.target) || chosen.target < 1 || chosen.target > 65535)
    return undefined;
  return { service: main, port: chosen.target, scheme: app.scheme === 'https' ? 'https' : 'http' };
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

const appName = (app: Dict): string =>
  localized(app.title) ||
  (typeof app.store_app_id === 'string' ? app.store_app_id : '') ||
  scalarText(app.main) ||
  'CasaOS app';

/**
 * Imports a CasaOS app-store compose file: its `x-casaos` blocks (title, description, category,
 * tips, port and env descriptions) become the manifest and are then removed from the compose file.
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

    const name = appName(app);
    const slug = slugify(typeof app.store_app_id === 'string' ? app.store_app_id : name);
    const doc = replaceSystemVariables(source, slug, log);
    appDataToVolumes(doc, slug, log);
    const hints = new Map<string, VariableHint>([['TZ', { label: 'Time zone', default: 'Etc/UTC' }]]);
    const notes = [
      localized(isDict(app.tips) ? app.tips.before_install : undefined).trim(),
      ...takeServiceExtensions(doc, hints, log),
    ];
    const primary = primaryOf(doc, app);
    convertCompose(
      doc,
      {
        name,
        description: localized(app.description) || localized(app.tagline),
        categoryWords: typeof app.category === 'string' ? [app.category] : [],
        notes: notes.filter((n) => n !== '').join('\n\n'),
        hints,
        ...(primary ? { primary } : {}),
      },
      log,
    );
    return log.report;
  });
}
