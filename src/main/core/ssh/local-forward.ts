import { createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger';

export interface LocalForward {
  /** Listening on 127.0.0.1 only. */
  localPort: number;
  close(): Promise<void>;
}

/**
 * A listener on 127.0.0.1:<free port>; each connection to it is piped to a fresh stream from `open`
 * (a `forwardOut` channel to the private host:port as the node sees it).
 */
export async function openLocalForward(open: () => Promise<Duplex>, logger: Logger, label: string): Promise<LocalForward> {
  const sockets = new Set<Socket>();
  // Half-open: a client that finishes sending still gets the rest of the answer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
    socket.pause();
    open().then(
      (remote) => {
        remote.once('error', () => socket.destroy());
        socket.once('error', () => remote.destroy());
        remote.once('close', () => {
          if (!socket.writableEnded) socket.end();
        });
        socket.once('close', () => remote.destroy());
        socket.pipe(remote).pipe(socket);
        socket.resume();
      },
      (error: unknown) => {
        logger.warn('local forward could not open its channel', { forward: label, error: error instanceof Error ? error.message : String(error) });
        socket.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const localPort = typeof address === 'object' && address ? address.port : 0;
  return {
    localPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
