import { posix } from 'node:path';
import type { Mount, NormalizedService } from '@shared/contract/template-model';
import { hasKey, isDict, parseBytes } from './compose-values';
import type { IssueCollector, PathSegment } from './issues';

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);
const IGNORED_MODES = new Set(['rw', 'cached', 'delegated', 'consistent', 'nocopy', 'z', 'Z', 'ro']);

export interface MountContext {
  issues: IssueCollector;
  declaredVolumes: ReadonlySet<string>;
}

const cleanHostPath = (source: string): string => {
  const normal = posix.normalize(source);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
};

function checkTarget(target: unknown, path: PathSegment[], issues: IssueCollector): string | null {
  if (typeof target === 'string' && target.startsWith('/')) return target;
  issues.error('compose:volume', 'The container path must be absolute, such as /data.', path);
  return null;
}

function sourceKind(source: string, path: PathSegment[], ctx: MountContext): 'bind' | 'volume' | null {
  if (source.startsWith('/')) return 'bind';
  if (source.startsWith('.') || source.startsWith('~') || /^[A-Za-z]:[\\/]/.test(source)) {
    ctx.issues.error(
      'compose:relative-bind',
      `"${source}" is relative to a compose project folder, which a node does not have; use a named volume or an absolute path.`,
      path,
    );
    return null;
  }
  if (!VOLUME_NAME.test(source)) {
    ctx.issues.error('compose:volume', `"${source}" is not a volume name.`, path);
    return null;
  }
  if (!ctx.declaredVolumes.has(source)) {
    ctx.issues.error(
      'compose:volume-undeclared',
      `Volume "${source}" is used but not declared under the top-level volumes.`,
      path,
    );
    return null;
  }
  return 'volume';
}

/** Short syntax: `[source:]target[:options]`, with options such as `ro`, `z` or `rshared`. */
function parseShortMount(text: string, path: PathSegment[], ctx: MountContext): Mount | null {
  const parts = text.split(':');
  if (parts.length > 3) {
    ctx.issues.error('compose:volume', `"${text}" is not a volume mapping.`, path);
    return null;
  }
  if (parts.length === 1) {
    const target = checkTarget(parts[0], path, ctx.issues);
    return target === null ? null : { type: 'volume', source: null, target, readOnly: false, noCopy: false };
  }
  const [source = '', targetText = '', optionText = ''] = parts;
  const options = optionText === '' ? [] : optionText.split(',');
  for (const option of options) {
    if (!IGNORED_MODES.has(option) && !PROPAGATIONS.has(option))
      ctx.issues.error('compose:volume', `Volume option "${option}" is not supported.`, path);
  }
  const target = checkTarget(targetText, path, ctx.issues);
  const kind = sourceKind(source, path, ctx);
  if (target === null || kind === null) return null;
  const readOnly = options.includes('ro');
  if (kind === 'volume')
    return { type: 'volume', source, target, readOnly, noCopy: options.includes('nocopy') };
  const selinux = options.includes('Z') ? 'Z' : options.includes('z') ? 'z' : null;
  const propagation = options.find((o) => PROPAGATIONS.has(o)) ?? null;
  return {
    type: 'bind',
    source: cleanHostPath(source),
    target,
    readOnly,
    propagation,
    selinux,
    createHostPath: true,
  };
}

const unsupportedKeys = (
  raw: Record<string, unknown>,
  allowed: readonly string[],
  path: PathSegment[],
  issues: IssueCollector,
) => {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key) && !key.startsWith('x-'))
      issues.error('compose:unsupported', `${key} is not supported on a mount.`, [...path, key], 'key');
  }
};

function longTmpfsMount(
  raw: Record<string, unknown>,
  path: PathSegment[],
  target: string | null,
  issues: IssueCollector,
): Mount | null {
  unsupportedKeys(raw, ['type', 'target', 'tmpfs', 'read_only', 'consistency'], path, issues);
  const options = isDict(raw.tmpfs) ? raw.tmpfs : {};
  const sizeBytes = options.size === undefined ? null : parseBytes(options.size);
  if (options.size !== undefined && sizeBytes === null)
    issues.error('compose:volume', 'The tmpfs size must be a size such as 64m.', [...path, 'tmpfs', 'size']);
  const mode =
    typeof options.mode === 'number' && Number.isInteger(options.mode) && options.mode >= 0
      ? options.mode
      : null;
  return target === null ? null : { type: 'tmpfs', target, sizeBytes, mode };
}

function longBindMount(
  raw: Record<string, unknown>,
  path: PathSegment[],
  source: string | null,
  target: string | null,
  ctx: MountContext,
): Mount | null {
  if (source === null || !source.startsWith('/')) {
    if (source !== null) sourceKind(source, [...path, 'source'], ctx);
    else
      ctx.issues.error('compose:volume', 'A bind mount needs an absolute host path as its source.', [
        ...path,
        'source',
      ]);
    return null;
  }
  const bind = isDict(raw.bind) ? raw.bind : {};
  const propagation = typeof bind.propagation === 'string' ? bind.propagation : null;
  if (propagation !== null && !PROPAGATIONS.has(propagation))
    ctx.issues.error('compose:volume', `Propagation "${propagation}" is not valid.`, [
      ...path,
      'bind',
      'propagation',
    ]);
  const selinux = bind.selinux === 'z' || bind.selinux === 'Z' ? bind.selinux : null;
  const createHostPath = bind.create_host_path !== false;
  const readOnly = raw.read_only === true;
  return target === null
    ? null
    : { type: 'bind', source: cleanHostPath(source), target, readOnly, propagation, selinux, createHostPath };
}

function parseLongMount(raw: Record<string, unknown>, path: PathSegment[], ctx: MountContext): Mount | null {
  const { issues } = ctx;
  if (hasKey(raw, 'consistency'))
    issues.warn(
      'compose:ignored',
      'consistency only matters on Docker Desktop; Hoster ignores it.',
      [...path, 'consistency'],
      'key',
    );
  const target = checkTarget(raw.target, [...path, 'target'], issues);
  if (raw.type === 'tmpfs') return longTmpfsMount(raw, path, target, issues);
  if (raw.type !== 'volume' && raw.type !== 'bind') {
    issues.error(
      'compose:unsupported',
      `Mount type "${String(raw.type)}" is not supported; use volume, bind or tmpfs.`,
      [...path, 'type'],
    );
    return null;
  }
  unsupportedKeys(raw, ['type', 'source', 'target', 'read_only', 'consistency', raw.type], path, issues);
  const source = typeof raw.source === 'string' && raw.source !== '' ? raw.source : null;
  if (raw.type === 'bind') return longBindMount(raw, path, source, target, ctx);
  if (source !== null && sourceKind(source, [...path, 'source'], ctx) !== 'volume') {
    if (source.startsWith('/'))
      issues.error(
        'compose:volume',
        'A volume mount needs a volume name as its source; use type: bind for host paths.',
        [...path, 'source'],
      );
    return null;
  }
  const noCopy = isDict(raw.volume) && raw.volume.nocopy === true;
  const readOnly = raw.read_only === true;
  return target === null ? null : { type: 'volume', source, target, readOnly, noCopy };
}

export function normalizeMounts(raw: unknown, path: PathSegment[], ctx: MountContext): Mount[] {
  if (!Array.isArray(raw)) return [];
  const mounts: Mount[] = [];
  raw.forEach((item: unknown, index) => {
    const at = [...path, index];
    const mount =
      typeof item === 'string'
        ? parseShortMount(item, at, ctx)
        : isDict(item)
          ? parseLongMount(item, at, ctx)
          : null;
    if (mount) mounts.push(mount);
  });
  return mounts;
}

export function normalizeTmpfs(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): NormalizedService['tmpfs'] {
  const items: unknown[] = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  return items.flatMap((item, index) => {
    if (typeof item !== 'string') return [];
    const at = typeof raw === 'string' ? path : [...path, index];
    const colon = item.indexOf(':');
    const target = colon < 0 ? item : item.slice(0, colon);
    if (checkTarget(target, at, issues) === null) return [];
    return [{ target, options: colon < 0 ? '' : item.slice(colon + 1) }];
  });
}
