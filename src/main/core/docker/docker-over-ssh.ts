import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import Docker from 'dockerode';

type SocketLike = Duplex & Partial<Record<'setNoDelay' | 'setKeepAlive' | 'setTimeout' | 'ref' | 'unref', (...args: unknown[]) => unknown>>;

/** Node's http client calls a few net.Socket methods on its sockets; an SSH channel has none of them. */
function asSocket(stream: Duplex): Duplex {
  const socket = stream as SocketLike;
  for (const name of ['setNoDelay', 'setKeepAlive', 'setTimeout', 'ref', 'unref'] as const) {
    if (typeof socket[name] !== 'function') socket[name] = () => socket;
  }
  return socket;
}

/**
 * An http.Agent whose "sockets" are channels opened by `open` (stream-local forwards to the node's
 * Docker socket over its one SSH connection). Keep-alive reuses an open channel for the next
 * request, so a request costs one round trip, not a channel open plus a round trip.
 */
export class StreamAgent extends Agent {
  constructor(private readonly open: () => Promise<Duplex>) {
    super({ keepAlive: true, maxSockets: 16, maxFreeSockets: 4 });
  }

  override createConnection(_options: ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    this.open().then(
      (stream) => callback?.(null, asSocket(stream)),
      (error: unknown) => callback?.(error instanceof Error ? error : new Error(String(error)), undefined as unknown as Duplex),
    );
    return undefined;
  }

  // docker-modem runs util.inspect (depth unlimited) over every request's options, agent included,
  // even with debug output off: walking the SSH client behind the agent cost ~2 ms a request.
  [inspect.custom](): string {
    return 'StreamAgent';
  }
}

/** A Docker client for a node's engine, every request going over the node's shared SSH connection. */
export function createDockerOverSsh(socketPath: string, open: () => Promise<Duplex>): { docker: Docker; agent: StreamAgent } {
  const agent = new StreamAgent(open);
  return { docker: new Docker({ socketPath, agent } as Docker.DockerOptions), agent };
}

export function createLocalDocker(socketPath: string): Docker {
  return new Docker({ socketPath });
}
