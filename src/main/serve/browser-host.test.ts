import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMemorySecretStore } from '../../../tests/helpers/memory-secret-store';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { createCore, type Core } from '../core/create-core';
import { migrations } from '../core/db/migrations';
import { silentLogger } from '../core/logger';
import { createMemorySettingsStore } from '../core/settings/settings-store';
import {
  MAX_SOCKET_MESSAGE_BYTES,
  startBrowserHost,
  type BrowserHost,
  type BrowserHostOptions,
} from './browser-host';
import { loadOrMakeSelfSigned } from './tls-material';

interface Sent {
  status: number;
  text: string;
}

/** One request through node:http(s), which (unlike fetch) sends any Host header and any request target. */
function send(
  port: number,
  spec: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    tls?: { ca: string; servername: string };
  },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port,
      path: spec.path,
      method: spec.method ?? 'GET',
      headers: spec.headers,
      agent: false,
    };
    const onResponse = (response: IncomingMessage) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    };
    const request = spec.tls
      ? httpsRequest({ ...options, ...spec.tls }, onResponse)
      : httpRequest(options, onResponse);
    request.on('error', reject);
    request.end(spec.body);
  });
}

describe('browser host', () => {
  let core: Core;
  let host: BrowserHost;
  let dir: { path: string; remove: () => void };
  const calls: string[] = [];

  const start = async (options: Partial<BrowserHostOptions> = {}) => {
    dir = makeTempDir();
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Hoster</title>');
    core = createCore({
      dataDir: dir.path,
      appVersion: '9.9.9',
      mode: 'browser',
      settingsStore: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      logger: silentLogger,
    });
    const dispatch = core.dispatch;
    host = await startBrowserHost({
      core: {
        events: core.events,
        dispatch: (method, input) => (calls.push(method), dispatch(method, input)),
      },
      rendererDir,
      logger: silentLogger,
      token: 'the-token',
      ...options,
    });
  };

  afterEach(async () => {
    await host.close();
    await core.close();
    dir.remove();
    calls.length = 0;
  });

  const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${host.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('answers 401 without the token and never reaches the core', async () => {
    await start();
    expect((await call('settings:update', { appearance: { theme: 'dark' } })).status).toBe(401);
    expect(
      (
        await call(
          'settings:update',
          { appearance: { theme: 'dark' } },
          { authorization: 'Bearer wrong-token' },
        )
      ).status,
    ).toBe(401);
    expect(calls).toEqual([]);
    expect(core.handlers['settings:get']({})).toMatchObject({ appearance: { theme: 'system' } });
  });

  it('serves the contract with the token', async () => {
    await start();
    const response = await call('system:info', {}, { authorization: 'Bearer the-token' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      value: {
        appVersion: '9.9.9',
        mode: 'browser',
        schemaVersion: Math.max(...migrations.map((m) => m.version)),
      },
    });
  });

  it('makes a token of at least 128 random bits when none is given', async () => {
    await start({ token: undefined });
    expect(host.token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(host.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  });

  it('refuses a foreign Origin and a rebinding Host even with the token', async () => {
    await start();
    const foreign = await call(
      'system:info',
      {},
      { authorization: 'Bearer the-token', origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const rebound = await send(host.port, {
      path: '/api/system:info',
      method: 'POST',
      headers: { host: 'evil.example', authorization: 'Bearer the-token' },
      body: '{}',
    });
    expect(rebound.status).toBe(421);
    expect(rebound.text).toContain('--public-host NAME');
    expect(calls).toEqual([]);
  });

  it('answers 400 to a malformed request target and keeps serving', async () => {
    await start();
    for (const path of ['/%E0%A4%A', '//', '/\\evil.example/', 'http://[bad', '*']) {
      const answer = await send(host.port, { path, headers: { authorization: 'Bearer the-token' } });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
    }
    const api = await send(host.port, {
      path: '/api/%E0%A4%A',
      method: 'POST',
      headers: { authorization: 'Bearer the-token' },
      body: '{}',
    });
    expect(api.status).toBe(400);
    const upgrade = await send(host.port, {
      path: '//',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    expect(upgrade.status).toBe(400);
    expect((await send(host.port, { path: '/' })).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('serves the renderer with a content security policy', async () => {
    await start();
    const response = await fetch(`http://127.0.0.1:${host.port}/deployments/abc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<title>Hoster</title>');
  });

  it('pushes events over the socket only to token holders', async () => {
    await start();
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=nope`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('error', (error) => resolve(error.message));
      refused.on('open', () => resolve('opened'));
    });
    expect(refusal).toMatch(/401/);

    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=the-token`);
    await new Promise((resolve) => socket.on('open', resolve));
    const message = new Promise<unknown>((resolve) =>
      socket.on('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    await call('settings:update', { appearance: { theme: 'dark' } }, { authorization: 'Bearer the-token' });
    expect(await message).toMatchObject({
      event: 'settings:changed',
      payload: { appearance: { theme: 'dark' } },
    });
    socket.close();
  });

  describe('over TLS', () => {
    const publicHost = 'hoster.test';
    let cert: string;

    const startTls = async () => {
      const made = makeTempDir();
      try {
        const material = await loadOrMakeSelfSigned(made.path, [publicHost]);
        cert = material.cert;
        await start({ tls: material, publicHosts: [publicHost] });
      } finally {
        made.remove();
      }
    };
    const pinned = (servername: string) => ({ ca: cert, servername });
    const authorized = { authorization: 'Bearer the-token', 'content-type': 'application/json' };

    it('serves https with the pinned certificate and the token, and prints an https URL', async () => {
      await startTls();
      expect(host.url).toBe(`https://${publicHost}:${host.port}/?token=the-token`);
      const answer = await send(host.port, {
        path: '/api/system:info',
        method: 'POST',
        headers: authorized,
        body: '{}',
        tls: pinned('localhost'),
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: true, value: { mode: 'browser' } });
      // Without the pin the self-signed certificate is not trusted: the traffic really is TLS.
      await expect(send(host.port, { path: '/', tls: { ca: '', servername: 'localhost' } })).rejects.toThrow(
        /self[- ]signed/i,
      );
    });

    it('refuses a Host that is neither loopback nor a --public-host name', async () => {
      await startTls();
      const answer = await send(host.port, {
        path: '/api/system:info',
        method: 'POST',
        headers: { ...authorized, host: `elsewhere.test:${host.port}` },
        body: '{}',
        tls: pinned('localhost'),
      });
      expect(answer.status).toBe(421);
      expect(answer.text).toContain(`${publicHost}:${host.port}`);
      expect(calls).toEqual([]);
    });

    it('accepts a --public-host name with its https origin, and no other scheme', async () => {
      await startTls();
      const hostHeader = `${publicHost}:${host.port}`;
      const ask = (origin: string) =>
        send(host.port, {
          path: '/api/system:info',
          method: 'POST',
          headers: { ...authorized, host: hostHeader, origin },
          body: '{}',
          tls: pinned(publicHost),
        });
      expect((await ask(`https://${hostHeader}`)).status).toBe(200);
      expect((await ask(`http://${hostHeader}`)).status).toBe(403);
      expect(calls).toEqual(['system:info']);
    });

    it('pushes over wss, ignores a tiny message and closes the socket on an oversize one', async () => {
      await startTls();
      const hostHeader = `${publicHost}:${host.port}`;
      const socket = new WebSocket(`wss://127.0.0.1:${host.port}/events?token=the-token`, {
        ...pinned(publicHost),
        headers: { host: hostHeader },
        origin: `https://${hostHeader}`,
      });
      await new Promise((resolve, reject) => {
        socket.on('open', resolve);
        socket.on('error', reject);
      });
      socket.send('hello');
      const message = new Promise<unknown>((resolve) =>
        socket.on('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
      );
      await send(host.port, {
        path: '/api/settings:update',
        method: 'POST',
        headers: authorized,
        body: JSON.stringify({ appearance: { theme: 'dark' } }),
        tls: pinned('localhost'),
      });
      expect(await message).toMatchObject({ event: 'settings:changed' });

      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.send(Buffer.alloc(MAX_SOCKET_MESSAGE_BYTES + 1));
      expect(await closed).toBe(1009);
    });
  });
});
