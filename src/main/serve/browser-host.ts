import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { isIPv6, type AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';
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

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/**
 * The browser client never sends on the push socket (the token rides in the upgrade URL), so any
 * message is unexpected; one over this bound closes the socket (1009) before it is buffered.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 1024;
const TOKEN_BYTES = 32;
const TARGET_BASE = 'http://host';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const sameToken = (expected: string, given: string | undefined): boolean => {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

const bearer = (request: IncomingMessage): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
};

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

const inUrl = (host: string) => (isIPv6(host) ? `[${host}]` : host);

/**
 * The request target as a URL and its decoded path, or undefined when it is not a plain path:
 * undecodable escapes, or a target that names another authority (`//x`, `/\x`, absolute form).
 */
function parseTarget(target: string | undefined): { url: URL; path: string } | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    const url = new URL(target, TARGET_BASE);
    return url.origin === TARGET_BASE ? { url, path: decodeURIComponent(url.pathname) } : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(buffer);
  }
  if (size === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/**
 * Browser mode: the same core behind HTTP(S) (`POST /api/<method>`) and a WebSocket push channel
 * (`/events`), serving the built renderer. Every API and socket request must carry the token,
 * and a request from a foreign Origin or Host is refused before it reaches the core.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(TOKEN_BYTES).toString('base64url');
  const bindHost = options.host ?? '127.0.0.1';
  const scheme = options.tls ? 'https' : 'http';
  let allowedHosts = new Set<string>();

  // A Host header naming anything else is DNS rebinding (or a name the user did not declare), on every address.
  const isAllowedHost = (request: IncomingMessage) =>
    allowedHosts.has(request.headers.host?.toLowerCase() ?? '');
  // Same-origin only: a page served from anywhere else may not drive the core, even with the token.
  const isAllowedOrigin = (request: IncomingMessage) => {
    const origin = request.headers.origin;
    return origin === undefined || origin === `${scheme}://${request.headers.host?.toLowerCase() ?? ''}`;
  };
  const hostRefusal = () =>
    `This host answers only to ${[...allowedHosts].join(', ')}. To reach it by another name, start it with --public-host NAME.`;

  const serveStatic = (path: string, response: ServerResponse) => {
    const relative = normalize(path === '/' ? '/index.html' : path);
    let file = join(options.rendererDir, relative);
    if (!file.startsWith(options.rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      // Client-side routes fall back to the app shell.
      file = join(options.rendererDir, 'index.html');
    }
    if (!existsSync(file)) {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('The renderer is not built. Run `npm run build` first.');
      return;
    }
    response.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      if (!isAllowedHost(request)) {
        sendJson(response, 421, { ok: false, error: { code: 'forbidden', message: hostRefusal() } });
        return;
      }
      if (!isAllowedOrigin(request)) {
        sendJson(response, 403, { ok: false, error: { code: 'forbidden', message: 'Foreign origin.' } });
        return;
      }
      const target = parseTarget(request.url);
      if (!target) {
        sendJson(response, 400, {
          ok: false,
          error: { code: 'invalid_input', message: 'Malformed request path.' },
        });
        return;
      }
      if (!target.path.startsWith('/api/')) {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          sendJson(response, 405, {
            ok: false,
            error: { code: 'forbidden', message: 'Method not allowed.' },
          });
          return;
        }
        serveStatic(target.path, response);
        return;
      }
      if (!sameToken(token, bearer(request))) {
        sendJson(response, 401, {
          ok: false,
          error: {
            code: 'unauthorized',
            message: 'Missing or wrong token. Open the URL printed by `npm run serve`.',
          },
        });
        return;
      }
      if (request.method !== 'POST') {
        sendJson(response, 405, { ok: false, error: { code: 'forbidden', message: 'Use POST.' } });
        return;
      }
      let input: unknown;
      try {
        input = await readBody(request);
      } catch {
        sendJson(response, 400, {
          ok: false,
          error: { code: 'invalid_input', message: 'The request body is not JSON (or is over 4 MiB).' },
        });
        return;
      }
      const method = target.path.slice('/api/'.length);
      sendJson(response, 200, await options.core.dispatch(method, input));
    })().catch((error: unknown) => {
      options.logger.error('browser host request failed', { error: String(error) });
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, handle) : createServer(handle);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_SOCKET_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: string, text: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}`, () =>
        socket.destroy(),
      );
    };
    // Before the upgrade nothing else listens for errors on this socket; a reset must not crash the host.
    socket.on('error', () => socket.destroy());
    if (!isAllowedHost(request)) return refuse('421 Misdirected Request', hostRefusal());
    const target = parseTarget(request.url);
    if (!target) return refuse('400 Bad Request', 'Malformed request path.');
    if (
      target.path !== '/events' ||
      !isAllowedOrigin(request) ||
      !sameToken(token, target.url.searchParams.get('token') ?? undefined)
    ) {
      return refuse('401 Unauthorized', 'Missing or wrong token.');
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      // ws is already closing the socket (1009 for an oversize message); this only keeps the error from being thrown.
      client.on('error', (error) =>
        options.logger.warn('browser host closed a push socket', { error: error.message }),
      );
    });
  });
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
  const names = [
    'localhost',
    '127.0.0.1',
    '::1',
    ...(isWildcardHost(bindHost) ? [] : [bindHost]),
    ...publicHosts,
  ];
  // Browsers leave the port out of Host and Origin when it is the scheme's default.
  const isDefaultPort = port === (options.tls ? 443 : 80);
  allowedHosts = new Set(
    names
      .flatMap((name) => [`${inUrl(name)}:${port}`, ...(isDefaultPort ? [inUrl(name)] : [])])
      .map((host) => host.toLowerCase()),
  );
  const shownHost = publicHosts[0] ?? (isWildcardHost(bindHost) ? '127.0.0.1' : bindHost);

  return {
    url: `${scheme}://${inUrl(shownHost)}:${port}/?token=${token}`,
    token,
    port,
    async close() {
      unsubscribe();
      for (const client of clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
