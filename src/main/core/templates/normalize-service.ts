import { isIP } from 'node:net';
import type { NormalizedService } from '@shared/contract/template-model';
import { SUPPORTED_SERVICE_KEYS, unsupportedReason } from './compose-keys';
import {
  isDict,
  listOrDictEntries,
  parseBytes,
  parseDuration,
  scalarText,
  setOwn,
  type Dict,
} from './compose-values';
import type { IssueCollector, PathSegment } from './issues';
import { normalizeMounts, normalizeTmpfs, type MountContext } from './normalize-mounts';
import { normalizeExpose, normalizePorts } from './normalize-ports';
import {
  normalizeCommand,
  normalizeDependsOn,
  normalizeHealthcheck,
  normalizeLogging,
  normalizeNetworks,
  normalizeResources,
  normalizeRestart,
  normalizeUlimits,
} from './normalize-runtime';
import { normalizeGpus } from './normalize-gpus';

export interface ServiceContext extends MountContext {
  serviceNames: ReadonlySet<string>;
  declaredNetworks: ReadonlySet<string>;
}

const IMAGE_REFERENCE =
  /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const SIGNAL = /^(?:SIG[A-Z0-9+-]+|\d{1,2})$/;

const imageTag = (image: string): string | null => {
  const name = image.split('@')[0] ?? image;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : null;
};

function normalizeImage(service: Dict, path: PathSegment[], issues: IssueCollector): string | null {
  const image = service.image;
  if (typeof image !== 'string' || image.trim() === '') {
    issues.error('compose:no-image', 'Every service needs an image.', [...path, 'image'], 'key');
    return null;
  }
  if (image.includes('$')) return image;
  if (!IMAGE_REFERENCE.test(image)) {
    issues.error('compose:image', `"${image}" is not an image reference such as postgres:16.6-alpine.`, [
      ...path,
      'image',
    ]);
    return null;
  }
  const tag = imageTag(image);
  if (!image.includes('@') && (tag === null || tag === 'latest')) {
    issues.warn(
      'compose:image-unpinned',
      `"${image}" follows the latest tag, so each deploy may get a different version; pin a version tag.`,
      [...path, 'image'],
    );
  }
  return image;
}

/** environment, labels and sysctls: a list of `KEY=value` or a mapping, into a string map. */
function stringMap(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
  what: 'environment' | 'labels' | 'sysctls',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value, index } of listOrDictEntries(raw)) {
    if (key === '') {
      issues.error(`compose:${what}`, 'An entry has no name.', [...path, index]);
      continue;
    }
    if (value === null && what === 'environment') {
      issues.error(
        'compose:environment',
        `${key} has no value. Compose would take it from the shell, but Hoster never reads its own environment; write ${key}: \${${key}} and declare ${key}.`,
        [...path, index],
      );
      continue;
    }
    if (value !== null && typeof value === 'object') continue;
    setOwn(out, key, scalarText(value));
  }
  return out;
}

function normalizeExtraHosts(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): NormalizedService['extraHosts'] {
  const items = Array.isArray(raw)
    ? raw.map((item: unknown, index) => {
        const text = String(item);
        const at = text.search(/[=:]/);
        return { host: at < 0 ? text : text.slice(0, at), address: at < 0 ? '' : text.slice(at + 1), index };
      })
    : listOrDictEntries(raw).map(({ key, value, index }) => ({
        host: key,
        address: scalarText(value),
        index,
      }));
  return items.flatMap(({ host, address, index }) => {
    const valid =
      address.includes('$') || address === 'host-gateway' || isIP(address.replace(/^\[|\]$/g, '')) !== 0;
    if (host !== '' && valid) return [{ host, address }];
    issues.error(
      'compose:extra-hosts',
      'An extra host is "name:address" with an IP address or host-gateway.',
      [...path, index],
    );
    return [];
  });
}

function normalizeDevices(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): NormalizedService['devices'] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown, index) => {
    const [host = '', container, permissions] = String(item).split(':');
    if (host.startsWith('/'))
      return [{ host, container: container ?? host, permissions: permissions ?? 'rwm' }];
    issues.error('compose:devices', 'A device is "/dev/host[:/dev/container[:rwm]]".', [...path, index]);
    return [];
  });
}

function namespaceMode(
  service: Dict,
  key: 'network_mode' | 'pid' | 'ipc',
  allowed: string[],
  ctx: ServiceContext,
  path: PathSegment[],
): string | null {
  const value = service[key];
  if (typeof value !== 'string') return null;
  const target = value.startsWith('service:') ? value.slice('service:'.length) : null;
  if (target !== null && ctx.serviceNames.has(target)) return value;
  if (target === null && allowed.includes(value)) return value;
  ctx.issues.error(
    'compose:unsupported',
    target !== null
      ? `"${target}" is not a service of this file.`
      : `${key} "${value}" is not supported; use ${[...allowed, 'service:<name>'].join(', ')}.`,
    [...path, key],
  );
  return null;
}

const bool = (value: unknown): boolean => value === true;

const capabilities = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((c) => String(c).toUpperCase().replace(/^CAP_/, '')) : [];

const NO_RESTART_WARNING =
  'No restart policy: the container stays stopped after a crash or a reboot of the node.';

function normalizeStopAndShm(
  raw: Record<string, unknown>,
  at: (key: string) => PathSegment[],
  issues: IssueCollector,
): { stopGracePeriodMs: number | null; stopSignal: string | null; shmSizeBytes: number | null } {
  const stopGracePeriodMs =
    typeof raw.stop_grace_period === 'string' ? parseDuration(raw.stop_grace_period) : null;
  if (raw.stop_grace_period !== undefined && stopGracePeriodMs === null)
    issues.error('compose:duration', 'Must be a duration such as 10s.', at('stop_grace_period'));
  const stopSignal = typeof raw.stop_signal === 'string' ? raw.stop_signal : null;
  if (stopSignal !== null && !SIGNAL.test(stopSignal))
    issues.error('compose:signal', `"${stopSignal}" is not a signal such as SIGTERM.`, at('stop_signal'));
  const shmSizeBytes = raw.shm_size === undefined ? null : parseBytes(raw.shm_size);
  if (raw.shm_size !== undefined && shmSizeBytes === null)
    issues.error('compose:resources', 'shm_size must be a size such as 256m.', at('shm_size'));
  return { stopGracePeriodMs, stopSignal, shmSizeBytes };
}

export function normalizeService(name: string, raw: unknown, ctx: ServiceContext): NormalizedService | null {
  const { issues } = ctx;
  const path: PathSegment[] = ['services', name];
  if (!isDict(raw)) {
    issues.error('compose:no-image', 'Every service needs an image.', path, 'key');
    return null;
  }
  for (const key of Object.keys(raw)) {
    if (!key.startsWith('x-') && !SUPPORTED_SERVICE_KEYS.has(key))
      issues.error('compose:unsupported', unsupportedReason(key), [...path, key], 'key');
  }
  const image = normalizeImage(raw, path, issues);
  const at = (key: string): PathSegment[] => [...path, key];
  const { stopGracePeriodMs, stopSignal, shmSizeBytes } = normalizeStopAndShm(raw, at, issues);
  const service: NormalizedService = {
    name,
    image: image ?? '',
    command: normalizeCommand(raw.command, at('command'), issues),
    entrypoint: normalizeCommand(raw.entrypoint, at('entrypoint'), issues),
    environment: stringMap(raw.environment, at('environment'), issues, 'environment'),
    ports: normalizePorts(raw.ports, at('ports'), issues),
    expose: normalizeExpose(raw.expose, at('expose'), issues),
    mounts: normalizeMounts(raw.volumes, at('volumes'), ctx),
    tmpfs: normalizeTmpfs(raw.tmpfs, at('tmpfs'), issues),
    dependsOn: normalizeDependsOn(raw.depends_on, at('depends_on'), ctx.serviceNames, issues),
    healthcheck: normalizeHealthcheck(raw.healthcheck, at('healthcheck'), issues),
    restart: normalizeRestart(raw.restart, at('restart'), issues),
    ...normalizeResources(raw, path, issues),
    user: typeof raw.user === 'string' ? raw.user : null,
    workingDir: typeof raw.working_dir === 'string' ? raw.working_dir : null,
    hostname: typeof raw.hostname === 'string' ? raw.hostname : null,
    ulimits: normalizeUlimits(raw.ulimits, at('ulimits'), issues),
    extraHosts: normalizeExtraHosts(raw.extra_hosts, at('extra_hosts'), issues),
    labels: stringMap(raw.labels, at('labels'), issues, 'labels'),
    capAdd: capabilities(raw.cap_add),
    capDrop: capabilities(raw.cap_drop),
    privileged: bool(raw.privileged),
    devices: normalizeDevices(raw.devices, at('devices'), issues),
    ...normalizeGpus(raw, path, issues),
    securityOpt: Array.isArray(raw.security_opt) ? raw.security_opt.map(String) : [],
    networkMode: namespaceMode(raw, 'network_mode', ['none', 'host', 'bridge'], ctx, path),
    networks: normalizeNetworks(raw, path, ctx.declaredNetworks, issues),
    pid: namespaceMode(raw, 'pid', ['host'], ctx, path),
    ipc: namespaceMode(raw, 'ipc', ['host', 'private', 'shareable', 'none'], ctx, path),
    stopGracePeriodMs,
    stopSignal,
    init: typeof raw.init === 'boolean' ? raw.init : null,
    readOnly: bool(raw.read_only),
    shmSizeBytes,
    sysctls: stringMap(raw.sysctls, at('sysctls'), issues, 'sysctls'),
    logging: normalizeLogging(raw.logging, at('logging'), issues),
    tty: bool(raw.tty),
    stdinOpen: bool(raw.stdin_open),
  };
  if (!raw.restart) issues.warn('compose:no-restart', NO_RESTART_WARNING, path, 'key');
  return image === null ? null : service;
}
