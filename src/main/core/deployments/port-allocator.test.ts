import { describe, expect, it } from 'vitest';
import { allocatePorts, parseListeningPorts } from './port-allocator';

describe('port allocation', () => {
  it('skips ports reserved by other deployments, stopped or not, and ports listening on the node', () => {
    const grants = allocatePorts(
      [
        { service: 'web', containerPort: 80, protocol: 'tcp' },
        { service: 'api', containerPort: 8080, protocol: 'tcp' },
      ],
      { reserved: new Set(['20000/tcp']), listening: new Set([20001]) },
    );
    expect(grants.map((g) => g.hostPort)).toEqual([20002, 20003]);
  });

  it("takes the compose file's own port when it is free and unprivileged", () => {
    const [ssh, web] = allocatePorts(
      [
        { service: 'git', containerPort: 22, protocol: 'tcp', preferred: 2222 },
        { service: 'web', containerPort: 80, protocol: 'tcp', preferred: 80 },
      ],
      { reserved: new Set(), listening: new Set() },
    );
    expect(ssh?.hostPort).toBe(2222);
    expect(web?.hostPort).toBe(20000);
    const [again] = allocatePorts([{ service: 'git', containerPort: 22, protocol: 'tcp', preferred: 2222 }], {
      reserved: new Set(['2222/tcp']),
      listening: new Set(),
    });
    expect(again?.hostPort).toBe(20000);
  });

  it('refuses with the range when the node has no port left', () => {
    expect(() =>
      allocatePorts(
        [{ service: 'web', containerPort: 80, protocol: 'tcp' }],
        { reserved: new Set(['20000/tcp', '20001/tcp']), listening: new Set() },
        { first: 20000, last: 20001 },
      ),
    ).toThrow(/No free host port between 20000 and 20001/);
  });

  it('reads listening ports from /proc/net/tcp', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
      '   1: 0100007F:4E20 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2',
      '   2: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 3',
    ].join('\n');
    expect([...parseListeningPorts(text)].sort()).toEqual([22, 8080]);
  });
});
