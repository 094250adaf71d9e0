import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';

export interface BrowserHostOptions {
  core: Pick<Core, 'dispatch' | 'events'>;
  rendererDir: string;
  logger: Logger;
  host?: string;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

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
 * Browser mode: the same core behind HTTP (`POST /api/<method>`) and a WebSocket push channel
 * (`/events`), serving the built renderer. Every API and socket request must carry the token,
 * and a request from a foreign Origin or Host is refused before it reaches the core.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const bindHost = options.host ?? '127.0.0.1';
  const isLoopbackBind = bindHost === 'localhost' || bindHost === '::1' || bindHost.startsWith('127.');
  let loopbackHosts = new Set<string>();

  // Same-origin only: a page served from anywhere else may not drive the core, even with the token.
  const isAllowedOrigin = (request: IncomingMessage) => {
    const origin = request.headers.origin;
    return origin === undefined || origin === `http://${request.headers.host ?? ''}`;
  };
  // On loopback, a foreign Host header means DNS rebinding; elsewhere the token is the guard.
  const isAllowedHost = (request: IncomingMessage) => !isLoopbackBind || loopbackHosts.has(request.headers.host ?? '');

  const serveStatic = (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
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

  const server = createServer((request, response) => {
    void (async () => {
      if (!isAllowedHost(request) || !isAllowedOrigin(request)) {
        sendJson(response, 403, { ok: false, error: { code: 'forbidden', message: 'Foreign origin.' } });
        return;
      }
      const url = new URL(request.url ?? '/', 'http://host');
      if (!url.pathname.startsWith('/api/')) {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          sendJson(response, 405, { ok: false, error: { code: 'forbidden', message: 'Method not allowed.' } });
          return;
        }
        serveStatic(request, response);
        return;
      }
      if (!sameToken(token, bearer(request))) {
        sendJson(response, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token. Open the URL printed by `npm run serve`.' } });
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
        sendJson(response, 400, { ok: false, error: { code: 'invalid_input', message: 'The request body is not JSON (or is over 4 MiB).' } });
        return;
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      sendJson(response, 200, await options.core.dispatch(method, input));
    })().catch((error: unknown) => {
      options.logger.error('browser host request failed', { error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
    });
  });

  const sockets = new WebSocketServer({ noServer: true });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname !== '/events' || !isAllowedHost(request) || !isAllowedOrigin(request) || !sameToken(token, url.searchParams.get('token') ?? undefined)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
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
  const shownHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
  loopbackHosts = new Set([`${bindHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
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
