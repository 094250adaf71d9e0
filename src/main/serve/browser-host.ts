import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import {
  allowedHostsFor,
  answerRequest,
  answerUpgrade,
  inUrl,
  sendJson,
  type Gate,
} from './browser-requests';
import { createRepeatedCalls } from './repeated-calls';
import { isWildcardHost } from './serve-options';

export interface BrowserHostOptions {
  core: Pick<Core, 'dispatch' | 'events'>;
  rendererDir: string;
  logger: Logger;
  host?: string;
  port?: number;
  token?: string;
  /** Serve HTTPS (and WSS) with this PEM pair instead of plain HTTP. */
  tls?: { cert: string; key: string };
  /** Names besides the loopback ones (and the address listened on) that the Host header may carry. */
  publicHosts?: readonly string[];
}

export interface BrowserHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The browser client never sends on the push socket (the token rides in the upgrade URL), so any
 * message is unexpected; one over this bound closes the socket (1009) before it is buffered.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 1024;
const TOKEN_BYTES = 32;

/**
 * Browser mode: the same core behind HTTP(S) (`POST /api/<method>`) and a WebSocket push channel
 * (`/events`), serving the built renderer. Every API and socket request must carry the token,
 * and a request from a foreign Origin or Host is refused before it reaches the core.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const gate: Gate = {
    token: options.token ?? randomBytes(TOKEN_BYTES).toString('base64url'),
    scheme: options.tls ? 'https' : 'http',
    allowedHosts: new Set<string>(),
  };

  const repeated = createRepeatedCalls();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    answerRequest(gate, { ...options, repeated }, request, response).catch((error: unknown) => {
      options.logger.error('browser host request failed', { error: String(error) });
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, handle) : createServer(handle);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    answerUpgrade(gate, { sockets, clients, logger: options.logger }, { request, socket, head }),
  );
  const unsubscribe = options.core.events.onAny((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const publicHosts = options.publicHosts ?? [];
  gate.allowedHosts = allowedHostsFor(bindHost, publicHosts, port, options.tls !== undefined);
  const shownHost = publicHosts[0] ?? (isWildcardHost(bindHost) ? '127.0.0.1' : bindHost);

  return {
    url: `${gate.scheme}://${inUrl(shownHost)}:${port}/?token=${gate.token}`,
    token: gate.token,
    port,
    async close() {
      unsubscribe();
      repeated.close();
      for (const client of clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
