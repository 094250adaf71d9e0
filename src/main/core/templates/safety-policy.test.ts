import { describe, expect, it } from 'vitest';
import { hostPathRisk } from './safety-policy';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const policy = (service: string, extra = '') =>
  validateTemplate({
    manifest: manifestFor(),
    compose: `services:\n  app:\n    image: a:1\n    restart: always\n${service}${extra}`,
  })
    .warnings.filter((w) => w.code.startsWith('policy:'))
    .map((w) => `${w.code} ${w.path}`);

describe('the safety policy', () => {
  it.each([
    ['/', 'host-path'],
    ['/etc', 'host-path'],
    ['/etc/ssl/certs', 'host-path'],
    ['/root/.ssh', 'host-path'],
    ['/var/run/docker.sock', 'docker-socket'],
    ['/run/docker.sock', 'docker-socket'],
    ['/var/run', 'docker-socket'],
    ['/var', 'docker-socket'],
    ['/proc', 'host-path'],
    ['/sys/fs/cgroup', 'host-path'],
    ['/dev', 'host-path'],
    ['/boot', 'host-path'],
    ['/usr/bin', 'host-path'],
    ['/var/lib/docker/volumes', 'host-path'],
    ['/srv/../etc/', 'host-path'],
    ['/srv/app/data', null],
    ['/home/me/media', null],
    ['/var/www', null],
  ])('rates a bind of %s as %s', (source, risk) => {
    expect(hostPathRisk(source, false)).toBe(risk);
  });

  it('lets read-only time zone files through', () => {
    expect(hostPathRisk('/etc/localtime', true)).toBeNull();
    expect(hostPathRisk('/etc/localtime', false)).toBe('host-path');
  });

  it('flags every option that hands over the host, as warnings with their path', () => {
    const options = [
      '    privileged: true',
      '    network_mode: host',
      '    pid: host',
      '    ipc: host',
      '    cap_add: [CHOWN, SYS_ADMIN, cap_net_admin, ALL]',
      '    devices: ["/dev/fuse:/dev/fuse"]',
      '    security_opt: ["no-new-privileges:true", "seccomp=unconfined", "apparmor:unconfined", "label=disable"]',
      '    volumes: ["/:/host:ro", "/var/run/docker.sock:/var/run/docker.sock", "/srv/data:/data"]',
      '',
    ].join('\n');
    expect(policy(options)).toEqual([
      'policy:privileged services.app.privileged',
      'policy:host-network services.app.network_mode',
      'policy:host-pid services.app.pid',
      'policy:host-ipc services.app.ipc',
      'policy:capability services.app.cap_add[1]',
      'policy:capability services.app.cap_add[2]',
      'policy:capability services.app.cap_add[3]',
      'policy:device services.app.devices[0]',
      'policy:unconfined services.app.security_opt[1]',
      'policy:unconfined services.app.security_opt[2]',
      'policy:unconfined services.app.security_opt[3]',
      'policy:host-path services.app.volumes[0]',
      'policy:docker-socket services.app.volumes[1]',
    ]);
  });

  it('sees host paths bound through a volume driver', () => {
    const warnings = policy(
      '    volumes: [root:/host]\n',
      'volumes:\n  root:\n    driver: local\n    driver_opts: { type: none, o: bind, device: /etc }\n',
    );
    expect(warnings).toEqual(['policy:host-path volumes.root.driver_opts.device']);
  });

  it('says nothing about an ordinary service', () => {
    expect(
      policy(
        '    volumes: ["/srv/app:/data", "/etc/localtime:/etc/localtime:ro"]\n    cap_add: [NET_BIND_SERVICE]\n',
      ),
    ).toEqual([]);
  });
});
