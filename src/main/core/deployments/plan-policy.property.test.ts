import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { templateManifestSchema, type PolicyFinding } from '@shared/contract/template-model';
import { renderCompose, validateTemplate } from '../templates';
import { manifestFor } from '../templates/test-support';
import { buildPlan, portRequests } from './build-plan';
import type { DeploymentPlan } from './plan-types';

/**
 * The boundary's proof: whatever a template says, in whatever spelling, every Docker create request
 * the plan builder emits grants host access only where a policy finding names it. The oracle below
 * reads the Docker requests themselves, knowing nothing of how the policy reads the compose file.
 */

const NODE_SOCKET = '/run/user/1000/docker.sock';
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

const manifest = templateManifestSchema.parse(
  manifestFor({
    variables: ['CAP', 'SRC', 'SEC', 'NET', 'TAG'].map((name) => ({
      name,
      type: 'text' as const,
      label: name,
      required: false,
      default: {
        CAP: 'SYS_ADMIN',
        SRC: '/var/run/docker.sock',
        SEC: 'seccomp=unconfined',
        NET: 'host',
        TAG: '1',
      }[name],
    })),
  }),
);

// Pieces of a hostile compose file. Each is YAML text for one line (or block) of a service.
const tricky = fc.constantFrom(
  '/',
  '/etc/localtime',
  '/etc/timezone',
  '/etc/../etc/localtime',
  '//run/./docker.sock',
  '/var/run/docker.sock',
  '/var/run/',
  '/run',
  NODE_SOCKET,
  '/run/user/1000',
  '/run/containerd/containerd.sock',
  '/home',
  '/home/me/.ssh',
  '/bin',
  '/var/spool/cron',
  '/srv/data/',
  '/${SRC}',
  '${SRC:-/var/run/docker.sock}',
  'data',
  'ext',
  'drv',
  'mem',
  './rel',
);
const mountOption = fc.constantFrom('', ':ro', ':rw', ':ro,rshared', ':z', ':RO');
const capability = fc.constantFrom(
  'SYS_ADMIN',
  'cap_sys_admin',
  'CHOWN',
  'all',
  'Net_Admin',
  '${CAP}',
  '${CAP:-SYS_ADMIN}',
);
const securityOption = fc.constantFrom(
  'seccomp=unconfined',
  'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}',
  'label=type:spc_t',
  'no-new-privileges',
  'no-new-privileges:true',
  'NO-NEW-PRIVILEGES',
  'apparmor:unconfined',
  'systempaths=unconfined',
  '${SEC}',
);
const namespace = fc.constantFrom(
  'host',
  'HOST',
  'none',
  'service:other',
  'container:abc',
  '${NET}',
  'private',
);
const quoted = (text: string) => JSON.stringify(text);

const serviceLine = fc.oneof(
  fc.constantFrom('privileged: true', 'privileged: "true"', 'privileged: yes', 'privileged: false'),
  fc
    .array(capability, { minLength: 1, maxLength: 3 })
    .map((caps) => `cap_add: [${caps.map(quoted).join(', ')}]`),
  fc
    .array(securityOption, { minLength: 1, maxLength: 3 })
    .map((o) => `security_opt: [${o.map(quoted).join(', ')}]`),
  fc
    .constantFrom('/dev/fuse', '/dev/sda:/dev/xvda:rwm', '//dev/./kmsg', 'dev/null')
    .map((device) => `devices: [${quoted(device)}]`),
  fc
    .tuple(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('network_mode', 'pid', 'ipc') },
        { weight: 1, arbitrary: fc.constantFrom('Pid', 'uts', 'userns_mode', 'cgroup') },
      ),
      namespace,
    )
    .map(([key, value]) => `${key}: ${quoted(value)}`),
  fc.constantFrom('sysctls: { net.core.somaxconn: "1024" }', 'sysctls: ["kernel.shm_rmid_forced=1"]'),
  fc
    .array(fc.tuple(tricky, mountOption), { minLength: 1, maxLength: 3 })
    .map(
      (mounts) =>
        `volumes: [${mounts.map(([source, option]) => quoted(`${source}:/mnt/x${option}`)).join(', ')}]`,
    ),
  fc
    .tuple(fc.constantFrom('bind', 'volume', 'BIND'), tricky, fc.boolean())
    .map(
      ([type, source, readOnly]) =>
        `volumes:\n      - type: ${type}\n        source: ${quoted(source)}\n        target: /mnt/long\n        read_only: ${readOnly}`,
    ),
  fc.constantFrom(
    'x-note: "${SRC}"',
    'x-caps: ["${CAP}"]',
    'tmpfs: [/run/cache]',
    'group_add: ["0"]',
    'volumes_from: [other]',
    'cgroup_parent: /',
    'runtime: runc',
    'environment: { DOCKER_HOST: "${SRC}" }',
    'image: "busybox:${TAG}"',
    '<<: *hostile',
    'labels: { com.docker.compose.project: other }',
  ),
);

const serviceName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('web', 'db', 'other') },
  { weight: 1, arbitrary: fc.constantFrom('x-evil', 'X-Up') },
);

const composeText = fc
  .tuple(
    fc.array(fc.tuple(serviceName, fc.array(serviceLine, { maxLength: 4 })), { minLength: 1, maxLength: 2 }),
    fc.oneof(
      { weight: 15, arbitrary: fc.subarray(['data', 'ext', 'drv', 'mem']) },
      { weight: 1, arbitrary: fc.constant(['data', 'x-vol']) },
    ),
    fc.constantFrom(
      'privileged: true',
      'cap_add: [SYS_ADMIN]',
      'volumes: ["/:/host"]',
      'network_mode: host',
      'security_opt: ["no-new-privileges"]',
    ),
  )
  .map(([services, volumes, anchored]) => {
    const lines = [`x-hostile: &hostile\n  ${anchored}`, 'services:'];
    const seen = new Set<string>();
    for (const [name, body] of services) {
      if (seen.has(name)) continue;
      seen.add(name);
      lines.push(`  ${name}:`, '    image: busybox:1', '    restart: always');
      const keys = new Set<string>();
      for (const line of body) {
        const key = line.split(':')[0] ?? '';
        if (keys.has(key)) continue;
        keys.add(key);
        lines.push(`    ${line}`);
      }
    }
    const declared: Record<string, string> = {
      data: '  data: {}',
      ext: '  ext:\n    external: true\n    name: other_db',
      drv: '  drv:\n    driver_opts: { type: none, o: bind, device: /etc }',
      mem: '  mem:\n    driver_opts: { type: tmpfs, o: "size=10m", device: tmpfs }',
      'x-vol': '  x-vol: {}',
    };
    if (volumes.length > 0) lines.push('volumes:', ...volumes.map((v) => declared[v] ?? ''));
    return `${lines.join('\n')}\n`;
  });

const values = fc.record({
  CAP: fc.constantFrom('SYS_ADMIN', 'CHOWN', ''),
  SRC: fc.constantFrom('/var/run/docker.sock', '/srv/data', ''),
  SEC: fc.constantFrom('seccomp=unconfined', 'no-new-privileges'),
  NET: fc.constantFrom('host', 'none'),
  TAG: fc.constantFrom('1', '2'),
});

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

/** Every grant of host access in the Docker requests, read from the requests alone. */
function grantsOf(plan: DeploymentPlan): { grants: Grant[]; unknown: string[] } {
  const grants: Grant[] = [];
  const unknown: string[] = [];
  const ownVolumes = new Set(plan.volumes.filter((v) => !v.external).map((v) => v.name));
  for (const volume of plan.volumes) {
    if (volume.external) grants.push({ service: null, rule: ['external-volume'], subject: volume.name });
    const opts = volume.driverOpts;
    const inMemory = opts.type === 'tmpfs' && opts.device === 'tmpfs' && !/bind/.test(opts.o ?? '');
    if (Object.keys(opts).length > 0 && !inMemory)
      grants.push({
        service: null,
        rule: ['volume-driver', 'docker-socket'],
        subject: volume.labels['com.docker.compose.volume'] ?? volume.name,
      });
  }
  for (const service of plan.services) {
    const name = service.service;
    const host = service.options.HostConfig ?? {};
    for (const [key, value] of Object.entries(host)) {
      if (value === undefined || NEUTRAL_HOST_CONFIG.has(key)) continue;
      switch (key) {
        case 'Privileged':
          if (value === true) grants.push({ service: name, rule: ['privileged'], subject: '' });
          break;
        case 'CapAdd':
          for (const cap of value as string[])
            grants.push({ service: name, rule: ['capability'], subject: cap });
          break;
        case 'Devices':
          for (const device of value as { PathOnHost: string }[])
            grants.push({ service: name, rule: ['device'], subject: clean(device.PathOnHost) });
          break;
        case 'SecurityOpt':
          for (const option of value as string[])
            if (!/^no-new-privileges(:true)?$/i.test(option))
              grants.push({ service: name, rule: ['security-option'], subject: option });
          break;
        case 'Sysctls':
          for (const sysctl of Object.keys(value as object))
            grants.push({ service: name, rule: ['sysctl'], subject: sysctl });
          break;
        case 'NetworkMode':
        case 'PidMode':
        case 'IpcMode': {
          const mode = String(value);
          const own = mode.startsWith('service:') || mode.startsWith(`${plan.project}_`) || mode === 'none';
          const plain = key === 'IpcMode' && ['private', 'shareable'].includes(mode);
          if (!own && !plain && !(key === 'NetworkMode' && mode === 'bridge'))
            grants.push({ service: name, rule: ['host-namespace'], subject: '' });
          break;
        }
        case 'Mounts':
          for (const mount of value as { Type: string; Source: string; ReadOnly?: boolean }[]) {
            if (mount.Type === 'bind') {
              const path = clean(mount.Source);
              if (mount.ReadOnly === true && HARMLESS_READ_ONLY.has(path)) continue;
              grants.push({
                service: name,
                rule: holdsSocket(path) ? ['docker-socket'] : ['host-path'],
                subject: path,
              });
            } else if (mount.Type === 'volume' && mount.Source !== '' && !ownVolumes.has(mount.Source)) {
              const external = plan.volumes.some((v) => v.external && v.name === mount.Source);
              if (!external) unknown.push(`${name}: volume ${mount.Source} is not the deployment's`);
            } else if (mount.Type !== 'volume' && mount.Type !== 'tmpfs')
              unknown.push(`${name}: mount ${mount.Type}`);
          }
          break;
        default:
          unknown.push(`${name}: HostConfig.${key}`);
      }
    }
  }
  return { grants, unknown };
}

const covered = (grant: Grant, findings: readonly PolicyFinding[]) =>
  findings.some(
    (f) => f.service === grant.service && grant.rule.includes(f.rule) && f.key.includes(grant.subject),
  );

describe('the safety policy as a boundary', () => {
  it('lets no generated plan grant host access that no finding names (10,000 hostile plans)', () => {
    let planned = 0;
    let granted = 0;
    fc.assert(
      fc.property(composeText, values, (compose, given) => {
        const template = { manifest, compose };
        const context = { dockerSocket: NODE_SOCKET };
        if (validateTemplate(template, { policy: context }).errors.length > 0) return;
        const rendered = renderCompose(template, given, context);
        if (!rendered.ok) return;
        const plan = buildPlan({
          deploymentId: 'd1',
          project: 'app',
          revision: 1,
          compose: rendered.compose,
          exposure: 'private',
          ports: portRequests(rendered.compose).map((r, i) => ({ ...r, hostPort: 20000 + i })),
          files: [],
        });
        planned += 1;
        const { grants, unknown } = grantsOf(plan);
        expect(unknown).toEqual([]);
        if (grants.length > 0) granted += 1;
        for (const grant of grants)
          expect(covered(grant, rendered.findings), JSON.stringify(grant)).toBe(true);
      }),
      { numRuns: 10_000, seed: 20261206 },
    );
    // The generator must reach Docker often, and often with host access, or the proof proves nothing.
    expect(planned).toBeGreaterThan(2_000);
    expect(granted).toBeGreaterThan(1_000);
  }, 60_000);
});
