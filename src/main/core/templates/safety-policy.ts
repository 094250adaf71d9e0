import { posix } from 'node:path';
import type {
  GpuRequest,
  NormalizedCompose,
  NormalizedService,
  PolicyFinding,
} from '@shared/contract/template-model';
import { formatPath, type IssueCollector, type PathSegment } from './issues';

/** What the policy knows of the node a plan is for. Without a node, the usual socket paths stand in. */
export interface PolicyContext {
  /** The node's own Docker socket (a node setting): rootless Docker and Podman keep it elsewhere. */
  dockerSocket?: string;
}

const USUAL_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/run/podman/podman.sock',
];

/**
 * The only binds that give a container nothing of the host: read-only files that tell it the node's
 * time zone. Every other bind mount is a finding.
 */
const HARMLESS_READ_ONLY = new Set(['/etc/localtime', '/etc/timezone']);

/** The one security option that only takes privileges away. */
const NO_NEW_PRIVILEGES = /^no-new-privileges(?:[=:]true)?$/i;

/** Local volume options that keep a volume in memory: no host path, no network share. */
const HARMLESS_TMPFS_OPTION =
  /^(?:size|mode|uid|gid|nr_inodes|nr_blocks)=[\w.%-]+$|^(?:ro|rw|noexec|nosuid|nodev)$/;

const isWithin = (inner: string, outer: string): boolean =>
  inner === outer || outer === '/' || inner.startsWith(`${outer}/`);

/** `//run/./docker.sock/` and `/run/docker.sock` are one path: compare paths in this form only. */
export function cleanPath(path: string): string {
  const normal = posix.normalize(path.startsWith('/') ? path : `/${path}`).replace(/^\/+/, '/');
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

const socketsOf = (context: PolicyContext): string[] =>
  [...USUAL_SOCKETS, ...(context.dockerSocket ? [context.dockerSocket] : [])].map(cleanPath);

/** Whether a host path is, or holds, a container engine's socket: full control of the node. */
export const reachesDockerSocket = (source: string, context: PolicyContext = {}): boolean => {
  const path = cleanPath(source);
  return socketsOf(context).some((socket) => isWithin(socket, path));
};

/** Whether binding `source` gives a container something of the host. */
export function isHostAccess(source: string, readOnly: boolean): boolean {
  return !(readOnly && HARMLESS_READ_ONLY.has(cleanPath(source)));
}

function driverOptsRisk(driverOpts: Record<string, string>): 'none' | 'bind' | 'other' {
  const entries = Object.entries(driverOpts);
  if (entries.length === 0) return 'none';
  const { type, o = '', device } = driverOpts;
  const options = o.split(',').filter((option) => option !== '');
  if (options.some((option) => /^r?bind$/i.test(option.trim()))) return 'bind';
  const inMemory =
    type === 'tmpfs' &&
    device === 'tmpfs' &&
    entries.every(([key]) => key === 'type' || key === 'o' || key === 'device') &&
    options.every((option) => HARMLESS_TMPFS_OPTION.test(option.trim()));
  return inMemory ? 'none' : 'other';
}

const GPU_ACCESS = 'the container gets direct access to the graphics card.';

/** Which GPUs a request names, in words and as the stable part of its finding's key. */
function whichGpus(gpu: GpuRequest): { words: string; subject: string } {
  const driver = gpu.driver ?? 'any GPU driver';
  const subject = `${gpu.driver ?? ''}:${gpu.count === -1 ? 'all' : (gpu.count ?? gpu.deviceIds.join(','))}:${gpu.capabilities.join(',')}`;
  if (gpu.count === -1) return { words: `${driver}, all of them`, subject };
  if (gpu.count === null) return { words: `${driver}, GPU ${gpu.deviceIds.join(', ')}`, subject };
  return { words: `${driver}, ${String(gpu.count)} GPU${gpu.count === 1 ? '' : 's'}`, subject };
}

type Collect = (finding: Omit<PolicyFinding, 'field'> & { path: PathSegment[] }) => void;

type ServiceFinding = (rule: string, subject: string, message: string, path: PathSegment[]) => void;

/** Bind mounts that give the container something of the node: the engine's socket or a folder. */
function mountFindings(service: NormalizedService, context: PolicyContext, finding: ServiceFinding): void {
  service.mounts.forEach((mount, index) => {
    if (mount.type !== 'bind' || !isHostAccess(mount.source, mount.readOnly)) return;
    const source = cleanPath(mount.source);
    const access = mount.readOnly ? 'read-only' : 'read-write';
    const path: PathSegment[] = ['services', service.name, 'volumes', index];
    if (reachesDockerSocket(source, context))
      finding(
        'docker-socket',
        `${source}:${access}`,
        `mounts ${source}, which holds the node's container engine socket: full control of the node, as root.`,
        path,
      );
    else
      finding(
        'host-path',
        `${source}:${access}${mount.propagation ? `:${mount.propagation}` : ''}`,
        `mounts the node's folder ${source} (${access}${mount.propagation ? `, ${mount.propagation} propagation` : ''}).`,
        path,
      );
  });
}

/** GPU requests and the nvidia runtime: the card's driver and memory, shared with the node. */
function gpuFindings(service: NormalizedService, finding: ServiceFinding): void {
  // Where a request stood (reservations or gpus) is not kept: the finding names the service.
  for (const gpu of service.gpus) {
    const { words, subject } = whichGpus(gpu);
    finding('gpu', subject, `uses the node's GPUs (${words}): ${GPU_ACCESS}`, ['services', service.name]);
  }
  if (service.runtime !== null)
    finding('runtime', service.runtime, `runs in the node's ${service.runtime} runtime: ${GPU_ACCESS}`, [
      'services',
      service.name,
      'runtime',
    ]);
}

function serviceFindings(service: NormalizedService, context: PolicyContext, add: Collect): void {
  const at = (...rest: PathSegment[]): PathSegment[] => ['services', service.name, ...rest];
  const finding: ServiceFinding = (rule, subject, message, path) =>
    add({
      key: `${rule}:${service.name}:${subject}`,
      rule,
      service: service.name,
      message: `${service.name}: ${message}`,
      path,
    });

  if (service.privileged)
    finding(
      'privileged',
      '',
      'runs privileged, with every capability and every device of the node.',
      at('privileged'),
    );
  const namespaces = [
    ['network', service.networkMode, 'network_mode', "shares the node's network stack"],
    ['pid', service.pid, 'pid', 'sees and can signal every process of the node'],
    ['ipc', service.ipc, 'ipc', "shares the node's inter-process memory"],
  ] as const;
  for (const [name, mode, field, words] of namespaces) {
    if (mode === 'host') finding('host-namespace', name, `${words} (${field}: host).`, at(field));
  }
  mountFindings(service, context, finding);
  service.capAdd.forEach((capability, index) =>
    finding('capability', capability, `adds the ${capability} capability.`, at('cap_add', index)),
  );
  service.devices.forEach((device, index) =>
    finding(
      'device',
      cleanPath(device.host),
      `gets the node's device ${cleanPath(device.host)}.`,
      at('devices', index),
    ),
  );
  gpuFindings(service, finding);
  service.securityOpt.forEach((option, index) => {
    if (!NO_NEW_PRIVILEGES.test(option.trim()))
      finding(
        'security-option',
        option,
        `changes its confinement (security_opt: ${option}).`,
        at('security_opt', index),
      );
  });
  for (const [name, value] of Object.entries(service.sysctls))
    finding('sysctl', name, `sets the kernel parameter ${name}=${value}.`, at('sysctls', name));
}

type Located = PolicyFinding & { path: PathSegment[] };

function collectFindings(compose: NormalizedCompose, context: PolicyContext): Located[] {
  const found: Located[] = [];
  const add: Collect = (finding) => found.push({ ...finding, field: formatPath(finding.path) });
  for (const volume of compose.volumes) {
    const path: PathSegment[] = ['volumes', volume.name];
    if (volume.external) {
      const name = volume.externalName ?? volume.name;
      add({
        key: `external-volume::${name}`,
        rule: 'external-volume',
        service: null,
        message: `Volume "${volume.name}" is the node's existing volume ${name}, which may hold another app's data.`,
        path: [...path, 'external'],
      });
    }
    const risk = driverOptsRisk(volume.driverOpts);
    if (risk === 'none') continue;
    const device = volume.driverOpts.device ?? '';
    const described = Object.entries(volume.driverOpts)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    add({
      key: `volume-driver::${volume.name}:${described}`,
      rule: risk === 'bind' && reachesDockerSocket(device, context) ? 'docker-socket' : 'volume-driver',
      service: null,
      message:
        risk === 'bind'
          ? `Volume "${volume.name}" binds the node's folder ${cleanPath(device)}.`
          : `Volume "${volume.name}" has the node mount ${device || 'something'} for it (${described}).`,
      path: [...path, 'driver_opts'],
    });
  }
  for (const service of compose.services) serviceFindings(service, context, add);
  return found;
}

const withoutPath = ({ path: _path, ...finding }: Located): PolicyFinding => finding;

/**
 * Every way a compose file hands a container something of the node: what Docker will be asked for,
 * read from the normalized (and, at deploy time, rendered) compose. It allows, rather than denies:
 * anything not known to be harmless is a finding, and a deploy goes ahead only once the user has
 * said yes to each one. Findings have a stable `key`, so a yes given once carries over to a later
 * revision that asks for the same thing, and only what is new needs a new yes.
 */
export const policyFindings = (compose: NormalizedCompose, context: PolicyContext = {}): PolicyFinding[] =>
  collectFindings(compose, context).map(withoutPath);

/** The same findings, also reported as `policy:<rule>` warnings at their place in the file (editor, importers). */
export function reportPolicyFindings(
  compose: NormalizedCompose,
  issues: IssueCollector,
  context: PolicyContext = {},
): PolicyFinding[] {
  const found = collectFindings(compose, context);
  for (const finding of found) issues.warn(`policy:${finding.rule}`, finding.message, finding.path);
  return found.map(withoutPath);
}
