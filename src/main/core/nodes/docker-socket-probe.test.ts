import { describe, expect, it } from 'vitest';
import {
  chooseSocket,
  isSocketLeftToFind,
  parseProbeEnvironment,
  probeFailure,
  socketCandidates,
  type ProbeEnvironment,
} from './docker-socket-probe';

const env = (overrides: Partial<ProbeEnvironment> = {}): ProbeEnvironment => ({
  dockerHost: '',
  runtimeDir: '/run/user/1000',
  uid: '1000',
  ...overrides,
});

const pathsOf = (e: ProbeEnvironment) => socketCandidates(e).map((candidate) => candidate.path);

describe('socketCandidates', () => {
  it('looks at DOCKER_HOST, the usual socket, rootless Docker, then Podman, in that order', () => {
    expect(socketCandidates(env({ dockerHost: 'unix:///srv/docker/engine.sock' }))).toEqual([
      { path: '/srv/docker/engine.sock', source: 'DOCKER_HOST' },
      { path: '/var/run/docker.sock', source: 'default' },
      { path: '/run/user/1000/docker.sock', source: 'rootless' },
      { path: '/run/podman/podman.sock', source: 'podman' },
      { path: '/run/user/1000/podman/podman.sock', source: 'podman-rootless' },
    ]);
  });

  it('skips a DOCKER_HOST that is not a unix socket', () => {
    expect(pathsOf(env({ dockerHost: 'tcp://10.0.0.5:2376' }))[0]).toBe('/var/run/docker.sock');
    expect(pathsOf(env({ dockerHost: 'ssh://me@elsewhere' }))).not.toContain('ssh://me@elsewhere');
  });

  it('finds the rootless socket under /run/user/<uid> when XDG_RUNTIME_DIR is unset', () => {
    expect(socketCandidates(env({ runtimeDir: '', uid: '1001' }))).toContainEqual({
      path: '/run/user/1001/docker.sock',
      source: 'rootless',
    });
  });

  it('prefers XDG_RUNTIME_DIR (without a trailing slash) for rootless Docker', () => {
    expect(pathsOf(env({ runtimeDir: '/tmp/runtime-me/', uid: '1000' }))).toContain(
      '/tmp/runtime-me/docker.sock',
    );
  });

  it('lists a path once, at its first place, when DOCKER_HOST names a usual socket', () => {
    const paths = pathsOf(env({ dockerHost: 'unix:///run/user/1000/docker.sock' }));
    expect(paths[0]).toBe('/run/user/1000/docker.sock');
    expect(paths.filter((path) => path === '/run/user/1000/docker.sock')).toHaveLength(1);
  });

  it('leaves out the per-user sockets when the uid is unknown', () => {
    expect(pathsOf(env({ runtimeDir: '', uid: '' }))).toEqual([
      '/var/run/docker.sock',
      '/run/podman/podman.sock',
    ]);
  });
});

describe('chooseSocket', () => {
  const e = env({ dockerHost: 'unix:///srv/docker.sock' });
  const candidates = socketCandidates(e);

  it('keeps the first candidate in order that answered, not the first to answer', () => {
    const probe = chooseSocket(
      candidates,
      new Set(['/run/podman/podman.sock', '/run/user/1000/docker.sock']),
      e,
    );
    expect(probe.chosen).toEqual({ path: '/run/user/1000/docker.sock', source: 'rootless' });
    expect(probe.message).toBe('Docker found at /run/user/1000/docker.sock (rootless)');
    expect(probe.tried.filter((t) => t.isAnswering).map((t) => t.path)).toEqual([
      '/run/user/1000/docker.sock',
      '/run/podman/podman.sock',
    ]);
  });

  it('prefers DOCKER_HOST over the usual socket when both answer', () => {
    const probe = chooseSocket(candidates, new Set(['/var/run/docker.sock', '/srv/docker.sock']), e);
    expect(probe.message).toBe('Docker found at /srv/docker.sock (DOCKER_HOST)');
  });

  it('names Podman as Podman', () => {
    expect(chooseSocket(candidates, new Set(['/run/podman/podman.sock']), e).message).toBe(
      'Docker found at /run/podman/podman.sock (Podman)',
    );
  });

  it('lists every path it tried when none answered, and says a tcp DOCKER_HOST was not tried', () => {
    const tcp = env({ dockerHost: 'tcp://10.0.0.5:2376' });
    const probe = chooseSocket(socketCandidates(tcp), new Set(), tcp);
    expect(probe.chosen).toBeNull();
    for (const path of pathsOf(tcp)) expect(probe.message).toContain(path);
    expect(probe.message).toContain('DOCKER_HOST is tcp://10.0.0.5:2376, not a unix socket');
    expect(probeFailure(probe, 'web-1').code).toBe('docker_unavailable');
    expect(probeFailure(probe, 'web-1').message).toMatch(/^web-1: No Docker engine answered\. Tried /);
    expect(probe.message).toContain('“Prepare this server…” on the node’s page installs it.');
  });
});

describe('parseProbeEnvironment', () => {
  it('reads the marked lines and ignores what a login profile prints around them', () => {
    const output =
      'Welcome to srv!\nhoster-probe:unix:///srv/docker.sock\nhoster-probe:\nhoster-probe:0\nbye\n';
    expect(parseProbeEnvironment(output)).toEqual({
      dockerHost: 'unix:///srv/docker.sock',
      runtimeDir: '',
      uid: '0',
    });
  });

  it('gives empty values when the command printed nothing usable', () => {
    expect(parseProbeEnvironment('sh: not found')).toEqual({ dockerHost: '', runtimeDir: '', uid: '' });
  });
});

describe('isSocketLeftToFind', () => {
  it('looks only when the socket is empty or the default; a typed one is used as given', () => {
    expect(isSocketLeftToFind('')).toBe(true);
    expect(isSocketLeftToFind('/var/run/docker.sock')).toBe(true);
    expect(isSocketLeftToFind('/run/docker.sock')).toBe(false);
  });
});
