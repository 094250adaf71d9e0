import type { GpuRequest, NormalizedService } from '@shared/contract/template-model';
import { isDict, listOrDictEntries, scalarText, type Dict } from './compose-values';
import type { IssueCollector, PathSegment } from './issues';

/**
 * The capabilities Docker's one built-in GPU driver answers to (moby `daemon/nvidia_linux.go`): `gpu`
 * and `nvidia` select it, the others say which of the card's libraries the container gets.
 */
const GPU_CAPABILITIES = new Set([
  'gpu',
  'nvidia',
  'compute',
  'compat32',
  'graphics',
  'utility',
  'video',
  'display',
]);
const SELECTS_GPU = new Set(['gpu', 'nvidia']);
/** A GPU as nvidia-smi names it: an index or a UUID. A path is a device, which `devices` takes. */
const GPU_ID = /^[A-Za-z0-9][\w.:-]*$/;
const REQUEST_KEYS = new Set(['capabilities', 'driver', 'count', 'device_ids', 'options']);

const GPU_ONLY =
  'Only GPU requests are supported here (driver: nvidia or capabilities: [gpu]); give a device of the node under devices instead.';

type Issues = IssueCollector;

function stringList(raw: unknown, path: PathSegment[], issues: Issues, what: string): string[] | null {
  if (raw === undefined) return [];
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string' || typeof item === 'number'))
    return raw.map(String);
  issues.error('compose:gpu', `${what} is a list of words.`, path);
  return null;
}

function countOf(raw: Dict, path: PathSegment[], issues: Issues): number | null | undefined {
  if (raw.count === undefined) return undefined;
  if (raw.count === 'all') return -1;
  const count = typeof raw.count === 'string' && /^\d+$/.test(raw.count) ? Number(raw.count) : raw.count;
  if (typeof count === 'number' && Number.isInteger(count) && count > 0) return count;
  issues.error('compose:gpu', 'count is "all" or how many GPUs, such as 1.', [...path, 'count']);
  return null;
}

/** Which GPUs: a count (-1 for all, the default) or named ones, never both. */
function whichGpus(
  raw: Dict,
  path: PathSegment[],
  issues: Issues,
): Pick<GpuRequest, 'count' | 'deviceIds'> | null {
  const count = countOf(raw, path, issues);
  const deviceIds = stringList(raw.device_ids, [...path, 'device_ids'], issues, 'device_ids');
  if (count === null || deviceIds === null) return null;
  const badId = deviceIds.find((id) => !GPU_ID.test(id));
  if (badId !== undefined) {
    issues.error(
      'compose:gpu',
      `"${badId}" is not a GPU: device_ids name GPUs by index or UUID (0, GPU-…); a device path such as /dev/… goes under devices.`,
      [...path, 'device_ids'],
    );
    return null;
  }
  if (deviceIds.length === 0) return { count: count ?? -1, deviceIds };
  if (count === undefined) return { count: null, deviceIds };
  issues.error('compose:gpu', 'Set count or device_ids, not both.', [...path, 'count']);
  return null;
}

/** One device request, accepted only when it asks Docker's GPU driver for GPUs. */
function gpuRequest(raw: unknown, path: PathSegment[], issues: Issues, implied: string[]): GpuRequest | null {
  if (!isDict(raw)) {
    issues.error(
      'compose:gpu',
      'A GPU request is a mapping such as { driver: nvidia, count: all, capabilities: [gpu] }.',
      path,
    );
    return null;
  }
  for (const key of Object.keys(raw))
    if (!REQUEST_KEYS.has(key) && !key.startsWith('x-'))
      issues.error('compose:unsupported', `${key} is not part of a GPU request.`, [...path, key], 'key');
  const driver = raw.driver === undefined ? null : scalarText(raw.driver);
  const listed = stringList(raw.capabilities, [...path, 'capabilities'], issues, 'capabilities');
  if (listed === null) return null;
  const capabilities = listed.length > 0 ? listed : implied;
  if (driver !== null && driver !== 'nvidia') {
    issues.error('compose:unsupported', `The device driver "${driver}" is not supported. ${GPU_ONLY}`, [
      ...path,
      'driver',
    ]);
    return null;
  }
  const unknown = capabilities.find((capability) => !GPU_CAPABILITIES.has(capability));
  if (unknown !== undefined || (driver === null && !capabilities.some((c) => SELECTS_GPU.has(c)))) {
    issues.error(
      'compose:unsupported',
      unknown === undefined ? GPU_ONLY : `"${unknown}" is not a GPU capability. ${GPU_ONLY}`,
      [...path, 'capabilities'],
    );
    return null;
  }
  const which = whichGpus(raw, path, issues);
  if (which === null) return null;
  const options = Object.fromEntries(
    listOrDictEntries(raw.options).map(({ key, value }) => [key, scalarText(value)]),
  );
  return { driver, ...which, capabilities, options };
}

/** `gpus: all`, `gpus: 2` or a list of requests whose capabilities default to [gpu]. */
function serviceGpus(raw: unknown, path: PathSegment[], issues: Issues): GpuRequest[] {
  const all = (count: number): GpuRequest[] => [
    { driver: null, count, deviceIds: [], capabilities: ['gpu'], options: {} },
  ];
  if (raw === undefined) return [];
  if (raw === 'all') return all(-1);
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return all(raw);
  if (Array.isArray(raw))
    return raw.flatMap((item: unknown, index) => gpuRequest(item, [...path, index], issues, ['gpu']) ?? []);
  issues.error('compose:gpu', 'gpus is "all", how many GPUs, or a list of GPU requests.', path);
  return [];
}

/**
 * The GPUs a service asks for, as Docker's device requests: `deploy.resources.reservations.devices`
 * (capabilities required, as in the compose specification) and `gpus`; and `runtime: nvidia`, the
 * one runtime other than the engine's default that a template may name.
 */
export function normalizeGpus(
  service: Dict,
  path: PathSegment[],
  issues: Issues,
): Pick<NormalizedService, 'gpus' | 'runtime'> {
  const deploy = isDict(service.deploy) ? service.deploy : {};
  const resources = isDict(deploy.resources) ? deploy.resources : {};
  const reservations = isDict(resources.reservations) ? resources.reservations : {};
  const at = [...path, 'deploy', 'resources', 'reservations', 'devices'];
  const reserved = Array.isArray(reservations.devices)
    ? reservations.devices.flatMap(
        (item: unknown, index) => gpuRequest(item, [...at, index], issues, []) ?? [],
      )
    : [];
  const gpus = [...reserved, ...serviceGpus(service.gpus, [...path, 'gpus'], issues)];
  const runtime = service.runtime === undefined ? null : scalarText(service.runtime);
  if (runtime !== null && runtime !== 'nvidia') {
    issues.error(
      'compose:unsupported',
      `The runtime "${runtime}" is not supported; leave runtime out for the node's default, or use nvidia for its GPUs.`,
      [...path, 'runtime'],
    );
    return { gpus, runtime: null };
  }
  return { gpus, runtime };
}
