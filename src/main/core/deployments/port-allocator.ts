import { AppError } from '@shared/result';

export interface PortRequest {
  service: string;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** The host port the compose file asks for, taken when it is free (e.g. 2222 for SSH), else ignored. */
  preferred?: number | undefined;
}

export interface PortGrant extends PortRequest {
  hostPort: number;
}

export const DEFAULT_PORT_RANGE = { first: 20000, last: 29999 } as const;
const PRIVILEGED_BELOW = 1024;

/**
 * Host ports for one deployment on one node: never one reserved by another deployment (running or
 * stopped), never one already listening on the node, the compose file's own choice when it is free.
 */
export function allocatePorts(
  requests: readonly PortRequest[],
  taken: { reserved: ReadonlySet<string>; listening: ReadonlySet<number> },
  range: { first: number; last: number } = DEFAULT_PORT_RANGE,
): PortGrant[] {
  const granted = new Set<string>();
  const key = (port: number, protocol: string) => `${port}/${protocol}`;
  const isFree = (port: number, protocol: string) =>
    !taken.reserved.has(key(port, protocol)) &&
    !granted.has(key(port, protocol)) &&
    !(protocol === 'tcp' && taken.listening.has(port));

  return requests.map((request) => {
    const { preferred } = request;
    let hostPort: number | undefined;
    if (preferred !== undefined && preferred >= PRIVILEGED_BELOW && isFree(preferred, request.protocol))
      hostPort = preferred;
    for (let port = range.first; hostPort === undefined && port <= range.last; port += 1) {
      if (isFree(port, request.protocol)) hostPort = port;
    }
    if (hostPort === undefined) {
      throw new AppError(
        'conflict',
        `No free host port between ${range.first} and ${range.last} on this node for ${request.service}:${request.containerPort}.`,
      );
    }
    granted.add(key(hostPort, request.protocol));
    return { ...request, hostPort };
  });
}

/** Listening TCP ports from /proc/net/tcp and /proc/net/tcp6 text (state 0A = LISTEN). */
export function parseListeningPorts(procNetTcp: string): Set<number> {
  const ports = new Set<number>();
  for (const line of procNetTcp.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[3] !== '0A') continue;
    const port = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16);
    if (Number.isInteger(port)) ports.add(port);
  }
  return ports;
}
