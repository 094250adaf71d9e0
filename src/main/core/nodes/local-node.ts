import { request } from 'node:http';
import type { NodeRepository } from './node-repository';

const OFFERED_FLAG = 'local-node-offered';

/** True when a Docker engine answers `/_ping` on the socket within the time given. */
export function pingDockerSocket(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * "This computer": offered once, when a local Docker engine answers. A user who removes it does not
 * get it back on the next start; the flag remembers that it was offered.
 */
export async function offerLocalNode(deps: { repository: NodeRepository; socketPath: string; now: () => string }): Promise<string | null> {
  if (deps.repository.flag(OFFERED_FLAG) !== null) return null;
  if (!(await pingDockerSocket(deps.socketPath))) return null;
  const id = 'node_local';
  if (!deps.repository.get(id)) {
    deps.repository.insert(
      id,
      {
        name: 'This computer',
        kind: 'local',
        host: 'localhost',
        port: 0,
        user: '',
        auth: 'key',
        keyId: null,
        jumpNodeId: null,
        dockerSocket: deps.socketPath,
        tags: [],
        monthlyCostCents: 0,
        hostKeyFingerprint: null,
      },
      deps.now(),
    );
  }
  deps.repository.setFlag(OFFERED_FLAG, deps.now());
  return id;
}
