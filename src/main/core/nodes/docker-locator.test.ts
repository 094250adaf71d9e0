import { describe, expect, it } from 'vitest';
import type { Node } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import { createDockerLocator, type DockerLocatorDeps } from './docker-locator';

function world(options: { socket: string; answering: string[]; env?: string; isReachable?: boolean }) {
  const node = { id: 'n1', name: 'web-1', dockerSocket: options.socket } as Node;
  const pinged: string[] = [];
  const deps: DockerLocatorDeps = {
    pingTimeoutMs: 100,
    connections: {
      connect: () =>
        options.isReachable === false
          ? Promise.reject(new AppError('host_unreachable', 'web-1 does not answer'))
          : Promise.resolve(),
      exec: () =>
        Promise.resolve({
          code: 0,
          signal: null,
          stderr: '',
          stdout: options.env ?? 'hoster-probe:\nhoster-probe:\nhoster-probe:1000\n',
        }),
      pingDockerAt: (_nodeId, path) => {
        pinged.push(path);
        return Promise.resolve(options.answering.includes(path));
      },
    },
    service: {
      find: () => node,
      useDockerSocket: (_id, socket) => {
        node.dockerSocket = socket;
        return node;
      },
    },
  };
  return { node, pinged, locator: createDockerLocator(deps) };
}

const signal = () => AbortSignal.timeout(1000);

describe('createDockerLocator', () => {
  it('stores the first socket in order that answered and says where it is', async () => {
    const { node, locator } = world({
      socket: '/var/run/docker.sock',
      answering: ['/run/user/1000/docker.sock', '/run/user/1000/podman/podman.sock'],
    });
    const probe = await locator.locate('n1', signal());
    expect(probe?.message).toBe('Docker found at /run/user/1000/docker.sock (rootless)');
    expect(node.dockerSocket).toBe('/run/user/1000/docker.sock');
  });

  it('follows DOCKER_HOST from the login shell', async () => {
    const { node, locator } = world({
      socket: '/var/run/docker.sock',
      env: 'hoster-probe:unix:///srv/d.sock\nhoster-probe:\nhoster-probe:0\n',
      answering: ['/srv/d.sock', '/var/run/docker.sock'],
    });
    expect((await locator.locate('n1', signal()))?.chosen?.source).toBe('DOCKER_HOST');
    expect(node.dockerSocket).toBe('/srv/d.sock');
  });

  it('uses a socket the user typed as given, without looking', async () => {
    const { pinged, locator } = world({ socket: '/opt/engine.sock', answering: [] });
    expect(await locator.locate('n1', signal())).toBeNull();
    expect(pinged).toEqual([]);
  });

  it('keeps the socket and reports what it tried when nothing answers', async () => {
    const { node, pinged, locator } = world({ socket: '/var/run/docker.sock', answering: [] });
    const probe = await locator.locate('n1', signal());
    expect(probe?.chosen).toBeNull();
    expect(probe?.tried.map((t) => t.path)).toEqual(pinged);
    expect(node.dockerSocket).toBe('/var/run/docker.sock');
  });

  it('leaves an unreachable node to the check, which names the SSH failure', async () => {
    const { pinged, locator } = world({ socket: '/var/run/docker.sock', answering: [], isReachable: false });
    expect(await locator.locate('n1', signal())).toBeNull();
    expect(pinged).toEqual([]);
  });
});
