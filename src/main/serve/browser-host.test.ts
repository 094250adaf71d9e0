import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { migrations } from '../core/db/migrations';
import { MAX_SOCKET_MESSAGE_BYTES } from './browser-host';
import { send, useBrowserHost, useTls } from './test-host';

const publicHost = 'hoster.test';
const authorized = { authorization: 'Bearer the-token', 'content-type': 'application/json' };

describe('browser host: the token', () => {
  const h = useBrowserHost();

  it('answers 401 without the token and never reaches the core', async () => {
    await h.start();
    expect((await h.call('settings:update', { appearance: { theme: 'dark' } })).status).toBe(401);
    expect(
      (
        await h.call(
          'settings:update',
          { appearance: { theme: 'dark' } },
          { authorization: 'Bearer wrong-token' },
        )
      ).status,
    ).toBe(401);
    expect(h.calls).toEqual([]);
    expect(h.core.handlers['settings:get']({})).toMatchObject({ appearance: { theme: 'system' } });
  });

  it('serves the contract with the token', async () => {
    await h.start();
    const response = await h.call('system:info', {}, { authorization: 'Bearer the-token' });
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
    await h.start({ token: undefined });
    expect(h.host.token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(h.host.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(h.host.url).toBe(`http://127.0.0.1:${h.host.port}/?token=${h.host.token}`);
  });
});

describe('browser host: what it refuses', () => {
  const h = useBrowserHost();

  it('refuses a foreign Origin and a rebinding Host even with the token', async () => {
    await h.start();
    const foreign = await h.call(
      'system:info',
      {},
      { authorization: 'Bearer the-token', origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const rebound = await send(h.host.port, {
      path: '/api/system:info',
      method: 'POST',
      headers: { host: 'evil.example', authorization: 'Bearer the-token' },
      body: '{}',
    });
    expect(rebound.status).toBe(421);
    expect(rebound.text).toContain('--public-host NAME');
    expect(h.calls).toEqual([]);
  });

  it('answers 400 to a malformed request target and keeps serving', async () => {
    await h.start();
    for (const path of ['/%E0%A4%A', '//', '/\\evil.example/', 'http://[bad', '*']) {
      const answer = await send(h.host.port, { path, headers: { authorization: 'Bearer the-token' } });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
    }
    const api = await send(h.host.port, {
      path: '/api/%E0%A4%A',
      method: 'POST',
      headers: { authorization: 'Bearer the-token' },
      body: '{}',
    });
    expect(api.status).toBe(400);
    const upgrade = await send(h.host.port, {
      path: '//',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    expect(upgrade.status).toBe(400);
    expect((await send(h.host.port, { path: '/' })).status).toBe(200);
    expect(h.calls).toEqual([]);
  });
});

describe('browser host: the renderer and the push channel', () => {
  const h = useBrowserHost();

  it('serves the renderer with a content security policy', async () => {
    await h.start();
    const response = await fetch(`http://127.0.0.1:${h.host.port}/deployments/abc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<title>Hoster</title>');
  });

  it('pushes events over the socket only to token holders', async () => {
    await h.start();
    const refused = new WebSocket(`ws://127.0.0.1:${h.host.port}/events?token=nope`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('error', (error) => resolve(error.message));
      refused.on('open', () => resolve('opened'));
    });
    expect(refusal).toMatch(/401/);

    const socket = new WebSocket(`ws://127.0.0.1:${h.host.port}/events?token=the-token`);
    await new Promise((resolve) => socket.on('open', resolve));
    const message = new Promise<unknown>((resolve) =>
      socket.on('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    await h.call('settings:update', { appearance: { theme: 'dark' } }, { authorization: 'Bearer the-token' });
    expect(await message).toMatchObject({
      event: 'settings:changed',
      payload: { appearance: { theme: 'dark' } },
    });
    socket.close();
  });
});

describe('browser host over TLS: https and hosts', () => {
  const h = useBrowserHost();
  const tls = useTls(h, publicHost);

  it('serves https with the pinned certificate and the token, and prints an https URL', async () => {
    await tls.start();
    expect(h.host.url).toBe(`https://${publicHost}:${h.host.port}/?token=the-token`);
    const answer = await send(h.host.port, {
      path: '/api/system:info',
      method: 'POST',
      headers: authorized,
      body: '{}',
      tls: tls.pinned('localhost'),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ ok: true, value: { mode: 'browser' } });
    // Without the pin the self-signed certificate is not trusted: the traffic really is TLS.
    await expect(send(h.host.port, { path: '/', tls: { ca: '', servername: 'localhost' } })).rejects.toThrow(
      /self[- ]signed/i,
    );
  });

  it('refuses a Host that is neither loopback nor a --public-host name', async () => {
    await tls.start();
    const answer = await send(h.host.port, {
      path: '/api/system:info',
      method: 'POST',
      headers: { ...authorized, host: `elsewhere.test:${h.host.port}` },
      body: '{}',
      tls: tls.pinned('localhost'),
    });
    expect(answer.status).toBe(421);
    expect(answer.text).toContain(`${publicHost}:${h.host.port}`);
    expect(h.calls).toEqual([]);
  });
});

describe('browser host over TLS: public names and wss', () => {
  const h = useBrowserHost();
  const tls = useTls(h, publicHost);

  it('accepts a --public-host name with its https origin, and no other scheme', async () => {
    await tls.start();
    const hostHeader = `${publicHost}:${h.host.port}`;
    const ask = (origin: string) =>
      send(h.host.port, {
        path: '/api/system:info',
        method: 'POST',
        headers: { ...authorized, host: hostHeader, origin },
        body: '{}',
        tls: tls.pinned(publicHost),
      });
    expect((await ask(`https://${hostHeader}`)).status).toBe(200);
    expect((await ask(`http://${hostHeader}`)).status).toBe(403);
    expect(h.calls).toEqual(['system:info']);
  });

  it('pushes over wss, ignores a tiny message and closes the socket on an oversize one', async () => {
    await tls.start();
    const hostHeader = `${publicHost}:${h.host.port}`;
    const socket = new WebSocket(`wss://127.0.0.1:${h.host.port}/events?token=the-token`, {
      ...tls.pinned(publicHost),
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
    await send(h.host.port, {
      path: '/api/settings:update',
      method: 'POST',
      headers: authorized,
      body: JSON.stringify({ appearance: { theme: 'dark' } }),
      tls: tls.pinned('localhost'),
    });
    expect(await message).toMatchObject({ event: 'settings:changed' });

    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.send(Buffer.alloc(MAX_SOCKET_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
  });
});
