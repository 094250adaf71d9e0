import { posix } from 'node:path';
import type { NormalizedCompose } from '@shared/contract/template-model';
import type { IssueCollector } from './issues';

const DOCKER_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];
const HOST_PATHS = [
  '/etc',
  '/root',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/usr',
  '/var/lib/docker',
  '/lib/modules',
  ...DOCKER_SOCKETS,
];
/** Read-only binds of these are how containers learn the node's time zone. */
const HARMLESS_READ_ONLY = new Set(['/etc/localtime', '/etc/timezone']);

const DANGEROUS_CAPABILITIES = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'DAC_READ_SEARCH',
  'SYS_RAWIO',
  'SYS_BOOT',
  'SYS_TIME',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'BPF',
  'PERFMON',
  'SYSLOG',
  'LINUX_IMMUTABLE',
]);
const UNCONFINED =
  /^(?:seccomp[=:]unconfined|apparmor[=:]unconfined|label[=:]disable|systempaths[=:]unconfined)$/i;

const isWithin = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(`${outer}/`);

/** Why a host path is dangerous to bind, or null when it is not. */
export function hostPathRisk(source: string, readOnly: boolean): 'docker-socket' | 'host-path' | null {
  const path = posix.normalize(source).replace(/(.)\/$/, '$1');
  if (DOCKER_SOCKETS.some((socket) => isWithin(socket, path))) return 'docker-socket';
  if (path === '/') return 'host-path';
  if (readOnly && HARMLESS_READ_ONLY.has(path)) return null;
  return HOST_PATHS.some((sensitive) => isWithin(path, sensitive) || isWithin(sensitive, path))
    ? 'host-path'
    : null;
}

const RISK_TEXT = {
  'docker-socket': 'gives the container the Docker socket, which is full control of the node',
  'host-path': 'gives the container a system folder of the node',
};

/**
 * Flags every option that hands a container the host (privileges, host namespaces, system folders,
 * the Docker socket, devices, dangerous capabilities, confinement turned off). Each finding is a
 * `policy:<rule>` warning: a deploy goes ahead only after the user confirms it.
 */
export function checkSafetyPolicy(compose: NormalizedCompose, issues: IssueCollector): void {
  for (const volume of compose.volumes) {
    const device = volume.driverOpts.device;
    const risk =
      device !== undefined && /\bbind\b/.test(volume.driverOpts.o ?? '') ? hostPathRisk(device, false) : null;
    if (risk)
      issues.warn(`policy:${risk}`, `Volume "${volume.name}" binds ${device}: it ${RISK_TEXT[risk]}.`, [
        'volumes',
        volume.name,
        'driver_opts',
        'device',
      ]);
  }
  for (const service of compose.services) {
    const path = ['services', service.name];
    const flag = (rule: string, message: string, ...at: (string | number)[]) =>
      issues.warn(`policy:${rule}`, `${service.name}: ${message}`, [...path, ...at]);
    if (service.privileged)
      flag(
        'privileged',
        'runs privileged, with every capability and every device of the node.',
        'privileged',
      );
    if (service.networkMode === 'host')
      flag('host-network', "shares the node's network stack (network_mode: host).", 'network_mode');
    if (service.pid === 'host')
      flag('host-pid', 'sees and can signal every process of the node (pid: host).', 'pid');
    if (service.ipc === 'host') flag('host-ipc', "shares the node's IPC namespace (ipc: host).", 'ipc');
    service.mounts.forEach((mount, index) => {
      if (mount.type !== 'bind') return;
      const risk = hostPathRisk(mount.source, mount.readOnly);
      if (risk)
        flag(
          risk,
          `mounts ${mount.source}: it ${RISK_TEXT[risk]}${mount.readOnly ? ' (read-only)' : ''}.`,
          'volumes',
          index,
        );
    });
    service.capAdd.forEach((capability, index) => {
      if (DANGEROUS_CAPABILITIES.has(capability))
        flag(
          'capability',
          `adds the ${capability} capability, which can reach beyond the container.`,
          'cap_add',
          index,
        );
    });
    service.devices.forEach((device, index) =>
      flag('device', `gets the node's device ${device.host}.`, 'devices', index),
    );
    service.securityOpt.forEach((option, index) => {
      if (UNCONFINED.test(option))
        flag('unconfined', `turns off confinement (${option}).`, 'security_opt', index);
    });
  }
}
