import fc from 'fast-check';
import { templateManifestSchema } from '@shared/contract/template-model';
import { manifestFor } from '../templates/test-support';

/** Hostile compose files and values for the property test of the safety policy as a boundary. */

/** The node's own Docker socket, as the policy context names it. */
export const NODE_SOCKET = '/run/user/1000/docker.sock';

export const manifest = templateManifestSchema.parse(
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
    'runtime: nvidia',
    'gpus: all',
    'gpus: [{ driver: nvidia, device_ids: ["0"] }]',
    'deploy: { resources: { reservations: { devices: [{ driver: nvidia, count: 1, capabilities: [gpu] }] } } }',
    'deploy: { resources: { reservations: { devices: [{ device_ids: ["/dev/sda"], capabilities: [gpu] }] } } }',
    'deploy: { resources: { reservations: { devices: [{ driver: cdi, device_ids: ["x/y=all"] }] } } }',
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

export const composeText = fc
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

export const values = fc.record({
  CAP: fc.constantFrom('SYS_ADMIN', 'CHOWN', ''),
  SRC: fc.constantFrom('/var/run/docker.sock', '/srv/data', ''),
  SEC: fc.constantFrom('seccomp=unconfined', 'no-new-privileges'),
  NET: fc.constantFrom('host', 'none'),
  TAG: fc.constantFrom('1', '2'),
});
