import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedCompose } from '@shared/contract/template-model';
import { service } from '../../../../tests/helpers/compose-fixtures';
import { allocateHostPorts } from './host-ports';
import type { DeploymentPorts } from './ports';
import { closeRepositories, freshRepository, newDeployment } from './test-support';

afterEach(closeRepositories);

/** /proc/net/tcp with these ports in LISTEN (state 0A). */
const procNetTcp = (ports: number[]) =>
  [
    '  sl  local_address rem_address   st',
    ...ports.map((p, i) => `   ${i}: 00000000:${p.toString(16).toUpperCase()} 00000000:0000 0A`),
  ].join('\n');

const portsListening = (listening: number[] | Error) =>
  ({
    connections: {
      exec: () =>
        listening instanceof Error
          ? Promise.reject(listening)
          : Promise.resolve({ stdout: procNetTcp(listening) }),
    },
  }) as unknown as DeploymentPorts;

const compose = (published: number | null): NormalizedCompose => ({
  services: [
    service('web', { ports: [{ target: 80, published, protocol: 'tcp', hostIp: null }] }),
    service('db', { ports: [{ target: 5432, published: null, protocol: 'tcp', hostIp: null }] }),
  ],
  networks: [],
  volumes: [],
});

const signal = new AbortController().signal;
const hostPorts = (grants: { service: string; hostPort: number }[]) =>
  Object.fromEntries(grants.map((g) => [g.service, g.hostPort]));

/** A deployment "mine" on node n1, whose sockets list `listening`. */
const setup = (listening: number[] | Error) => {
  const { repository } = freshRepository();
  const mine = repository.create(newDeployment('mine'), 'x');
  return { repository, mine, deps: { repository, ports: portsListening(listening) } };
};

describe('allocateHostPorts', () => {
  it("skips other deployments' ports and ports another program listens on", async () => {
    const { repository, mine, deps } = setup([20001, 8080]);
    const other = repository.create(newDeployment('other'), 'x');
    repository.replaceAllocations(other, [
      { service: 'web', containerPort: 80, protocol: 'tcp', hostPort: 20000 },
    ]);
    expect(hostPorts(await allocateHostPorts(deps, mine, compose(8080), signal))).toEqual({
      web: 20002,
      db: 20003,
    });
    expect(hostPorts(await allocateHostPorts(deps, mine, compose(8081), signal))).toEqual({
      web: 8081,
      db: 20002,
    });
  });

  it('keeps the ports a deployment holds, even while its own containers listen on them', async () => {
    const { repository, mine, deps } = setup([20004, 20005]);
    repository.replaceAllocations(mine, [
      { service: 'web', containerPort: 80, protocol: 'tcp', hostPort: 20005 },
      { service: 'db', containerPort: 5432, protocol: 'tcp', hostPort: 20004 },
    ]);
    expect(hostPorts(await allocateHostPorts(deps, mine, compose(8081), signal))).toEqual({
      web: 20005,
      db: 20004,
    });
  });

  it('gives a revision that runs alongside the current one ports of its own', async () => {
    const { repository, mine, deps } = setup([20004, 20005]);
    repository.replaceAllocations(mine, [
      { service: 'web', containerPort: 80, protocol: 'tcp', hostPort: 20005 },
      { service: 'db', containerPort: 5432, protocol: 'tcp', hostPort: 20004 },
    ]);
    expect(
      hostPorts(await allocateHostPorts(deps, mine, compose(20005), signal, { alongside: true })),
    ).toEqual({ web: 20000, db: 20001 });
  });

  it('still allocates when the node cannot list its sockets', async () => {
    const { mine, deps } = setup(new Error('no /proc'));
    expect(hostPorts(await allocateHostPorts(deps, mine, compose(null), signal))).toEqual({
      web: 20000,
      db: 20001,
    });
  });
});
