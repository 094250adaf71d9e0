import { posix } from 'node:path';
import type { PolicyFinding } from '@shared/contract/template-model';
import type { DeploymentPlan } from './plan-types';
import { NODE_SOCKET } from './plan-policy-generators';

/**
 * The property test's oracle: every grant of host access read from the Docker requests themselves,
 * knowing nothing of how the policy reads the compose file.
 */

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', NODE_SOCKET];
const HARMLESS_READ_ONLY = new Set(['/etc/localtime', '/etc/timezone']);
/** HostConfig fields the builder may set that grant nothing of the host by themselves. */
const NEUTRAL_HOST_CONFIG = new Set([
  'PortBindings',
  'Tmpfs',
  'RestartPolicy',
  'NanoCpus',
  'Memory',
  'MemoryReservation',
  'CapDrop',
  'Init',
  'ReadonlyRootfs',
  'ShmSize',
  'LogConfig',
  'Ulimits',
  'ExtraHosts',
]);

const clean = (path: string) => {
  const normal = posix.normalize(path).replace(/^\/+/, '/');
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
};
const holdsSocket = (path: string) =>
  SOCKETS.some((s) => s === path || path === '/' || s.startsWith(`${path}/`));

interface Grant {
  service: string | null;
  rule: string[];
  subject: string;
}

type Found = { grants: Grant[]; unknown: string[] };

/** One HostConfig field of one service of a plan. */
interface Field {
  plan: DeploymentPlan;
  name: string;
  key: string;
  value: unknown;
}

/** Volumes the plan declares: an external one, or one on a driver that is not plain memory, reaches the host. */
function volumeGrants(plan: DeploymentPlan, found: Found): void {
  for (const volume of plan.volumes) {
    if (volume.external)
      found.grants.push({ service: null, rule: ['external-volume'], subject: volume.name });
    const opts = volume.driverOpts;
    const inMemory = opts.type === 'tmpfs' && opts.device === 'tmpfs' && !/bind/.test(opts.o ?? '');
    if (Object.keys(opts).length > 0 && !inMemory)
      found.grants.push({
        service: null,
        rule: ['volume-driver', 'docker-socket'],
        subject: volume.labels['com.docker.compose.volume'] ?? volume.name,
      });
  }
}

function mountGrants({ plan, name, value }: Field, found: Found): void {
  const ownVolumes = new Set(plan.volumes.filter((v) => !v.external).map((v) => v.name));
  for (const mount of value as { Type: string; Source: string; ReadOnly?: boolean }[]) {
    if (mount.Type === 'bind') {
      const path = clean(mount.Source);
      if (mount.ReadOnly === true && HARMLESS_READ_ONLY.has(path)) continue;
      found.grants.push({
        service: name,
        rule: holdsSocket(path) ? ['docker-socket'] : ['host-path'],
        subject: path,
      });
    } else if (mount.Type === 'volume' && mount.Source !== '' && !ownVolumes.has(mount.Source)) {
      const external = plan.volumes.some((v) => v.external && v.name === mount.Source);
      if (!external) found.unknown.push(`${name}: volume ${mount.Source} is not the deployment's`);
    } else if (mount.Type !== 'volume' && mount.Type !== 'tmpfs')
      found.unknown.push(`${name}: mount ${mount.Type}`);
  }
}

function namespaceGrants({ plan, name, key, value }: Field, found: Found): void {
  const mode = String(value);
  const own = mode.startsWith('service:') || mode.startsWith(`${plan.project}_`) || mode === 'none';
  const plain = key === 'IpcMode' && ['private', 'shareable'].includes(mode);
  if (!own && !plain && !(key === 'NetworkMode' && mode === 'bridge'))
    found.grants.push({ service: name, rule: ['host-namespace'], subject: '' });
}

/** What one HostConfig field of one service grants of the host. */
function hostConfigGrants(field: Field, found: Found): void {
  const { name, key, value } = field;
  const grant = (rule: string, subject: string) =>
    found.grants.push({ service: name, rule: [rule], subject });
  switch (key) {
    case 'Privileged':
      if (value === true) grant('privileged', '');
      return;
    case 'CapAdd':
      for (const cap of value as string[]) grant('capability', cap);
      return;
    case 'Devices':
      for (const device of value as { PathOnHost: string }[]) grant('device', clean(device.PathOnHost));
      return;
    case 'DeviceRequests':
      for (const request of value as { Driver: string }[]) grant('gpu', `${request.Driver}:`);
      return;
    case 'Runtime':
      grant('runtime', String(value));
      return;
    case 'SecurityOpt':
      for (const option of value as string[])
        if (!/^no-new-privileges(:true)?$/i.test(option)) grant('security-option', option);
      return;
    case 'Sysctls':
      for (const sysctl of Object.keys(value as object)) grant('sysctl', sysctl);
      return;
    case 'NetworkMode':
    case 'PidMode':
    case 'IpcMode':
      return namespaceGrants(field, found);
    case 'Mounts':
      return mountGrants(field, found);
    default:
      found.unknown.push(`${name}: HostConfig.${key}`);
  }
}

/** Every grant of host access in the Docker requests, read from the requests alone. */
export function grantsOf(plan: DeploymentPlan): Found {
  const found: Found = { grants: [], unknown: [] };
  volumeGrants(plan, found);
  for (const service of plan.services)
    for (const [key, value] of Object.entries(service.options.HostConfig ?? {}))
      if (value !== undefined && !NEUTRAL_HOST_CONFIG.has(key))
        hostConfigGrants({ plan, name: service.service, key, value }, found);
  return found;
}

export const covered = (grant: Grant, findings: readonly PolicyFinding[]) =>
  findings.some(
    (f) => f.service === grant.service && grant.rule.includes(f.rule) && f.key.includes(grant.subject),
  );
