import { entries, hasKey, isDict, setOwn, type Dict } from './compose-values';
import type { ImportLog } from './import-report';
import { slugify } from './import-manifest';

/**
 * CasaOS keeps each app's own data in `/DATA/AppData/<app id>[/…]` (usually `$AppID`, sometimes a
 * literal id). Kept as binds, every deployment on a node would share one root-owned folder, so
 * each distinct app-data path becomes a named volume of the deployment. Other host folders
 * (`/DATA/Media`, `/DATA/Downloads`…) are the user's own files and stay binds for the safety policy.
 */
const APP_DATA = /^\/DATA\/AppData\/([^/]+)(\/.*)?$/;

/** The app-data path ($AppID written in) without its trailing or doubled slashes, or null if it is not one. */
export function appDataPath(source: string, appId: string): { path: string; inside: string } | null {
  const match = APP_DATA.exec(source.replace(/\$\{?AppID\}?/g, appId).replace(/\/{2,}/g, '/'));
  if (!match) return null;
  const inside = (match[2] ?? '').replace(/\/+$/, '');
  return { path: `/DATA/AppData/${match[1] ?? ''}${inside}`, inside };
}

const sourceOf = (item: unknown): string => {
  if (typeof item === 'string') return item.split(':')[0] ?? '';
  if (isDict(item) && (item.type === undefined || item.type === 'bind') && typeof item.source === 'string')
    return item.source;
  return '';
};

function withSource(item: unknown, name: string): unknown {
  if (typeof item === 'string') return [name, ...item.split(':').slice(1)].join(':');
  const volume: Dict = { ...(item as Dict), type: 'volume', source: name };
  delete volume.bind;
  return volume;
}

/** Names volumes after the folder inside the app's data ("config", "data_db"), or "data" for the whole folder. */
function createNamer(declared: Dict): {
  nameFor: (path: string, inside: string) => string;
  byPath: Map<string, string>;
} {
  const byPath = new Map<string, string>();
  const nameFor = (path: string, inside: string): string => {
    const known = byPath.get(path);
    if (known !== undefined) return known;
    const base = slugify(inside.replace(/^\//, ''), 'data').replace(/-/g, '_');
    let name = base;
    for (let n = 2; hasKey(declared, name); n += 1) name = `${base}_${n}`;
    setOwn(declared, name, null);
    byPath.set(path, name);
    return name;
  };
  return { nameFor, byPath };
}

/** A folder mounted beside its own parent shared files in CasaOS; as two volumes they do not. */
function reportNested(byPath: ReadonlyMap<string, string>, log: ImportLog): void {
  for (const [outer, outerName] of byPath)
    for (const [inner, innerName] of byPath)
      if (inner.startsWith(`${outer}/`))
        log.changed(
          'volumes',
          `In CasaOS ${inner} is inside ${outer}; here they are two volumes, "${innerName}" and "${outerName}", which do not see each other's files.`,
        );
}

/** Turns every bind of an app-data folder into a named volume, one per distinct path, and logs each; returns path → volume. */
export function appDataToVolumes(doc: Dict, appId: string, log: ImportLog): ReadonlyMap<string, string> {
  const declared = isDict(doc.volumes) ? doc.volumes : {};
  const { nameFor, byPath } = createNamer(declared);
  for (const [serviceName, service] of entries(doc.services)) {
    if (!isDict(service) || !Array.isArray(service.volumes)) continue;
    service.volumes = service.volumes.map((item: unknown, index) => {
      const source = sourceOf(item);
      const appData = appDataPath(source, appId);
      if (appData === null) return item;
      const name = nameFor(appData.path, appData.inside);
      log.changed(
        `services.${serviceName}.volumes[${index}]`,
        `CasaOS's app folder ${source} became the named volume "${name}", so each deployment keeps its own data.`,
      );
      return withSource(item, name);
    });
  }
  if (Object.keys(declared).length > 0) doc.volumes = declared;
  reportNested(byPath, log);
  return byPath;
}

/**
 * Notes that send the user to an app folder on the host (`/DATA/AppData/etherpad/var`) get a line
 * saying which volume of the deployment holds it now: the folder no longer exists on the node.
 */
export function noteMovedFolders(notes: string, appId: string, volumes: ReadonlyMap<string, string>): string {
  const mentioned = new Set<string>();
  for (const match of notes.matchAll(/\/DATA\/AppData\/[^\s`"'<>)\]]+/g)) {
    const folder = appDataPath(match[0].replace(/[.,;:]+$/, ''), appId);
    const volume = [...volumes]
      .filter(([path]) => folder !== null && (folder.path === path || folder.path.startsWith(`${path}/`)))
      .sort(([a], [b]) => b.length - a.length)[0];
    if (folder === null || volume === undefined) continue;
    const inside = folder.path.slice(volume[0].length);
    mentioned.add(
      inside === ''
        ? `- ${folder.path} is the deployment's volume "${volume[1]}".`
        : `- ${folder.path} is the folder ${inside} in the deployment's volume "${volume[1]}".`,
    );
  }
  if (mentioned.size === 0) return notes;
  return `${notes}\n\nCasaOS kept this app's data in folders on the host; here each deployment keeps it in volumes:\n${[...mentioned].join('\n')}`;
}
