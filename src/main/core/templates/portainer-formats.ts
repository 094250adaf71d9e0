import { isDict, type Dict } from './compose-values';
import { readYaml } from './safe-yaml';

/** Portainer 1.x named its types; 1.20 numbered them as v2 does. */
const V1_TYPES: Record<string, number> = { container: 1, stack: 2, compose: 3 };

/** A v1 volume is a text: `/container/path`, or `/host/path:/container/path[:ro]` for a bind mount. */
function v1Volume(volume: unknown): unknown {
  if (typeof volume !== 'string') return volume;
  const [first = '', second, mode] = volume.split(':');
  if (second === undefined || !first.startsWith('/')) return { container: first };
  return { bind: first, container: second, ...(mode === 'ro' ? { readonly: true } : {}) };
}

/** A v1 env entry's `set` is the value Portainer filled in without asking: v2's preset. */
function v1Env(entry: unknown): unknown {
  if (!isDict(entry) || entry.set === undefined) return entry;
  const { set, ...rest } = entry;
  return { ...rest, default: set, preset: true };
}

/** One template of a v1 list (a top-level array, Portainer 1.x) in v2's shape. */
export function templateFromV1(template: unknown): unknown {
  if (!isDict(template)) return template;
  const converted: Dict = { ...template };
  if (typeof template.type === 'string') converted.type = V1_TYPES[template.type] ?? template.type;
  if (Array.isArray(template.volumes)) converted.volumes = template.volumes.map(v1Volume);
  if (Array.isArray(template.env)) converted.env = template.env.map(v1Env);
  return converted;
}

/**
 * What a file that is not a Portainer list looks like, so the message can name the format to pick
 * instead; null when it looks like nothing the import knows.
 */
export function otherFormatHint(text: string, parsed: unknown): string | null {
  if (text.includes('hoster-template-bundle'))
    return 'This looks like a Hoster template bundle; pick "Hoster template bundle" as the format.';
  const value =
    parsed ??
    (() => {
      const read = readYaml(text, 'import');
      return read.ok ? read.value : undefined;
    })();
  if (!isDict(value)) return null;
  if (isDict(value.services) && text.includes('x-casaos'))
    return 'This looks like a CasaOS app; pick "CasaOS app" as the format.';
  if (isDict(value.services))
    return 'This looks like a compose file; pick "Docker Compose file" as the format.';
  if (typeof value.image === 'string' && typeof value.title === 'string')
    return 'This looks like a single Portainer template; put it in a list: {"version": "2", "templates": [ … ]}.';
  return null;
}
