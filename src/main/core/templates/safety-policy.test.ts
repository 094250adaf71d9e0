import { describe, expect, it } from 'vitest';
import { templateManifestSchema } from '@shared/contract/template-model';
import { renderCompose } from './render-compose';
import { cleanPath, reachesDockerSocket } from './safety-policy';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const compose = (service: string, extra = '') =>
  `services:\n  app:\n    image: a:1\n    restart: always\n${service}${extra}`;

const findingsOf = (service: string, extra = '', dockerSocket?: string) =>
  validateTemplate(
    { manifest: manifestFor(), compose: compose(service, extra) },
    { policy: dockerSocket ? { dockerSocket } : {} },
  ).findings;

const keysOf = (service: string, extra = '', dockerSocket?: string) =>
  findingsOf(service, extra, dockerSocket).map((f) => f.key);

describe('the safety policy', () => {
  it.each([
    '/run/containerd/containerd.sock',
    '/home',
    '/home/me/.ssh',
    '/bin',
    '/var/spool/cron',
    '/srv/app/data',
    '/etc/localtime',
    '/',
  ])('makes a read-write bind of %s a finding', (source) => {
    expect(keysOf(`    volumes: ["${source}:/x"]\n`)).toHaveLength(1);
  });

  it('lets only read-only time zone files through', () => {
    expect(
      keysOf('    volumes: ["/etc/localtime:/etc/localtime:ro", "/etc/timezone:/etc/timezone:ro"]\n'),
    ).toEqual([]);
    expect(keysOf('    volumes: ["/etc/passwd:/x:ro"]\n')).toEqual(['host-path:app:/etc/passwd:read-only']);
  });

  it('names engine sockets as such, in any spelling and at the node own socket path', () => {
    expect(reachesDockerSocket('//var/run/./docker.sock/')).toBe(true);
    expect(reachesDockerSocket('/run')).toBe(true);
    expect(reachesDockerSocket('/run/user/1000/docker.sock')).toBe(false);
    expect(
      reachesDockerSocket('/run/user/1000/docker.sock', { dockerSocket: '/run/user/1000/docker.sock' }),
    ).toBe(true);
    expect(
      findingsOf('    volumes: ["/run/user/1000:/r:ro"]\n', '', '/run/user/1000/docker.sock').map(
        (f) => f.rule,
      ),
    ).toEqual(['docker-socket']);
    expect(cleanPath('//run/./x/../docker.sock/')).toBe('/run/docker.sock');
  });

  it('makes every security option but no-new-privileges a finding', () => {
    const keys = keysOf(
      '    security_opt: ["no-new-privileges:true", "no-new-privileges", \'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}\', "label=type:spc_t", "apparmor=docker-default"]\n',
    );
    expect(keys).toEqual([
      'security-option:app:seccomp={"defaultAction":"SCMP_ACT_ALLOW"}',
      'security-option:app:label=type:spc_t',
      'security-option:app:apparmor=docker-default',
    ]);
  });
});

describe('the safety policy: privileges, volumes and warnings', () => {
  it('makes every capability, device, host namespace, sysctl and privileged a finding', () => {
    const findings = findingsOf(
      [
        '    privileged: true',
        '    network_mode: host',
        '    pid: host',
        '    ipc: host',
        '    cap_add: [CHOWN, cap_net_bind_service]',
        '    devices: ["/dev/fuse:/dev/fuse"]',
        '    sysctls: { net.core.somaxconn: "1024" }',
        '',
      ].join('\n'),
    );
    expect(findings.map((f) => `${f.key} ${f.field}`)).toEqual([
      'privileged:app: services.app.privileged',
      'host-namespace:app:network services.app.network_mode',
      'host-namespace:app:pid services.app.pid',
      'host-namespace:app:ipc services.app.ipc',
      'capability:app:CHOWN services.app.cap_add[0]',
      'capability:app:NET_BIND_SERVICE services.app.cap_add[1]',
      'device:app:/dev/fuse services.app.devices[0]',
      'sysctl:app:net.core.somaxconn services.app.sysctls["net.core.somaxconn"]',
    ]);
    for (const finding of findings) expect(finding.message).toMatch(/^app: /);
  });

  it('reports each finding as a policy warning too, for the editor', () => {
    const report = validateTemplate({ manifest: manifestFor(), compose: compose('    privileged: true\n') });
    expect(report.warnings.filter((w) => w.code.startsWith('policy:')).map((w) => w.path)).toEqual([
      'services.app.privileged',
    ]);
  });

  it('makes external volumes and volume driver mounts findings, but not an in-memory volume', () => {
    const volumes = (spec: string) =>
      findingsOf('    volumes: [data:/data]\n', `volumes:\n  data:\n${spec}`).map((f) => f.rule);
    expect(volumes('    external: true\n    name: other_db\n')).toEqual(['external-volume']);
    expect(volumes('    driver_opts: { type: none, o: bind, device: /etc }\n')).toEqual(['volume-driver']);
    expect(volumes('    driver_opts: { type: none, o: "rbind,ro", device: /var/run }\n')).toEqual([
      'docker-socket',
    ]);
    expect(volumes('    driver_opts: { type: nfs, o: "addr=10.0.0.1", device: ":/export" }\n')).toEqual([
      'volume-driver',
    ]);
    expect(volumes('    driver_opts: { type: tmpfs, o: "size=100m,uid=1000", device: tmpfs }\n')).toEqual([]);
  });

  it('says nothing about an ordinary service', () => {
    expect(
      keysOf(
        '    volumes: ["data:/data", "/etc/localtime:/etc/localtime:ro"]\n    security_opt: [no-new-privileges:true]\n',
        'volumes:\n  data: {}\n',
      ),
    ).toEqual([]);
  });
});

describe('variables and extension keys', () => {
  const manifest = templateManifestSchema.parse(
    manifestFor({
      variables: [
        { name: 'CAP', type: 'text', label: 'Cap', default: 'SYS_ADMIN' },
        { name: 'SRC', type: 'text', label: 'Source', default: 'var/run/docker.sock' },
      ],
    }),
  );
  const check = (text: string) => validateTemplate({ manifest, compose: text });

  it('refuses a service, volume or network named like an extension key, and variables inside it', () => {
    const hostile =
      'services:\n  x-evil:\n    image: a:1\n    restart: always\n    cap_add: ["${CAP}"]\n    volumes: ["/${SRC}:/s"]\nvolumes:\n  x-data: {}\nnetworks:\n  x-net: {}\n';
    const report = check(hostile);
    expect(report.errors.map((e) => `${e.code} ${e.path}`)).toEqual(
      expect.arrayContaining([
        'compose:extension-name services.x-evil',
        'compose:extension-name volumes.x-data',
        'compose:extension-name networks.x-net',
        'variable:not-allowed services.x-evil.cap_add[0]',
        'variable:not-allowed services.x-evil.volumes[0]',
      ]),
    );
    expect(report.compose).toBeUndefined();
    expect(renderCompose({ manifest, compose: hostile }, {}).ok).toBe(false);
  });

  it('lets variables stand in extension keys, top-level and in a service, which Docker never sees', () => {
    const report = check(
      'x-defaults:\n  cap: "${CAP}"\nservices:\n  app:\n    image: a:1\n    restart: always\n    x-note: "${SRC}"\n',
    );
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  it('polices the rendered plan: a finding reported at render names what Docker will get', () => {
    const template = {
      manifest,
      compose:
        'services:\n  app:\n    image: a:1\n    restart: always\n    volumes: ["/var/run/docker.sock:/d"]\n',
    };
    const rendered = renderCompose(template, {}, { dockerSocket: '/var/run/docker.sock' });
    expect(rendered.ok && rendered.findings.map((f) => f.rule)).toEqual(['docker-socket']);
  });
});
