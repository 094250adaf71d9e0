import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';
import { CALL_ID_HEADER, isCallId } from '@shared/browser-calls';
import type { RepeatedCalls } from './repeated-calls';
import { isWildcardHost } from './serve-options';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
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

/** What every request and upgrade is checked against; `allowedHosts` is filled once the port is known. */
export interface Gate {
  token: string;
  scheme: 'http' | 'https';
  allowedHosts: Set<string>;
}

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

export function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

const refuse = (response: ServerResponse, status: number, code: string, message: string): void =>
  sendJson(response, status, { ok: false, error: { code, message } });

export const inUrl = (host: string) => (isIPv6(host) ? `[${host}]` : host);

// A Host header naming anything else is DNS rebinding (or a name the user did not declare), on every address.
const isAllowedHost = (gate: Gate, request: IncomingMessage) =>
  gate.allowedHosts.has(request.headers.host?.toLowerCase() ?? '');

// Same-origin only: a page served from anywhere else may not drive the core, even with the token.
const isAllowedOrigin = (gate: Gate, request: IncomingMessage) => {
  const origin = request.headers.origin;
  return origin === undefined || origin === `${gate.scheme}://${request.headers.host?.toLowerCase() ?? ''}`;
};

const hostRefusal = (gate: Gate) =>
  `This host answers only to ${[...gate.allowedHosts].join(', ')}. To reach it by another name, start it with --public-host NAME.`;

/** Every name the Host header may carry: the loopback ones, the address listened on, and the declared ones. */
export function allowedHostsFor(
  bindHost: string,
  publicHosts: readonly string[],
  port: number,
  isTls: boolean,
): Set<string> {
  const names = [
    'localhost',
    '127.0.0.1',
    '::1',
    ...(isWildcardHost(bindHost) ? [] : [bindHost]),
    ...publicHosts,
  ];
  // Browsers leave the port out of Host and Origin when it is the scheme's default.
  const isDefaultPort = port === (isTls ? 443 : 80);
  return new Set(
    names
      .flatMap((name) => [`${inUrl(name)}:${port}`, ...(isDefaultPort ? [inUrl(name)] : [])])
      .map((host) => host.toLowerCase()),
  );
}

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

function serveStatic(rendererDir: string, path: string, response: ServerResponse): void {
  const relative = normalize(path === '/' ? '/index.html' : path);
  let file = join(rendererDir, relative);
  if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    // Client-side routes fall back to the app shell.
    file = join(rendererDir, 'index.html');
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
}

/** One HTTP request: the host, origin and target checks, then the renderer's files or the API. */
export async function answerRequest(
  gate: Gate,
  options: { core: Pick<Core, 'dispatch'>; rendererDir: string; repeated: RepeatedCalls },
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!isAllowedHost(gate, request)) return refuse(response, 421, 'forbidden', hostRefusal(gate));
  if (!isAllowedOrigin(gate, request)) return refuse(response, 403, 'forbidden', 'Foreign origin.');
  const target = parseTarget(request.url);
  if (!target) return refuse(response, 400, 'invalid_input', 'Malformed request path.');
  if (!target.path.startsWith('/api/')) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(response, 405, 'forbidden', 'Method not allowed.');
    }
    return serveStatic(options.rendererDir, target.path, response);
  }
  await answerApi(gate, options, { request, response, path: target.path });
}

async function answerApi(
  gate: Gate,
  { core, repeated }: { core: Pick<Core, 'dispatch'>; repeated: RepeatedCalls },
  exchange: { request: IncomingMessage; response: ServerResponse; path: string },
): Promise<void> {
  const { request, response } = exchange;
  if (!sameToken(gate.token, bearer(request))) {
    const message = 'Missing or wrong token. Open the URL printed by `npm run serve`.';
    return refuse(response, 401, 'unauthorized', message);
  }
  if (request.method !== 'POST') return refuse(response, 405, 'forbidden', 'Use POST.');
  let input: unknown;
  try {
    input = await readBody(request);
  } catch {
    return refuse(response, 400, 'invalid_input', 'The request body is not JSON (or is over 4 MiB).');
  }
  const method = exchange.path.slice('/api/'.length);
  const callId = request.headers[CALL_ID_HEADER];
  const id = isCallId(callId) ? `${method}:${callId}` : undefined;
  sendJson(response, 200, await repeated.answer(id, () => core.dispatch(method, input)));
}

/** A request to open the push socket: the same host and origin checks, and the token in the URL. */
export function answerUpgrade(
  gate: Gate,
  push: { sockets: WebSocketServer; clients: Set<WebSocket>; logger: Logger },
  upgrade: { request: IncomingMessage; socket: Duplex; head: Buffer },
): void {
  const { request, socket } = upgrade;
  const refuseUpgrade = (status: string, text: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}`, () =>
      socket.destroy(),
    );
  };
  // Before the upgrade nothing else listens for errors on this socket; a reset must not crash the host.
  socket.on('error', () => socket.destroy());
  if (!isAllowedHost(gate, request)) return refuseUpgrade('421 Misdirected Request', hostRefusal(gate));
  const target = parseTarget(request.url);
  if (!target) return refuseUpgrade('400 Bad Request', 'Malformed request path.');
  if (
    target.path !== '/events' ||
    !isAllowedOrigin(gate, request) ||
    !sameToken(gate.token, target.url.searchParams.get('token') ?? undefined)
  ) {
    return refuseUpgrade('401 Unauthorized', 'Missing or wrong token.');
  }
  push.sockets.handleUpgrade(request, socket, upgrade.head, (client) => {
    push.clients.add(client);
    client.on('close', () => push.clients.delete(client));
    // ws is already closing the socket (1009 for an oversize message); this only keeps the error from being thrown.
    client.on('error', (error) =>
      push.logger.warn('browser host closed a push socket', { error: error.message }),
    );
  });
}
