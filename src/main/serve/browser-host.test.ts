import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createMemorySecretStore } from '../../../tests/helpers/memory-secret-store';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { createCore, type Core } from '../core/create-core';
import { migrations } from '../core/db/migrations';
import { silentLogger } from '../core/logger';
import { createMemorySettingsStore } from '../core/settings/settings-store';
import { startBrowserHost, type BrowserHost } from './browser-host';

describe('browser host', () => {
  let core: Core;
  let host: BrowserHost;
  let cleanup: () => void;
  const calls: string[] = [];

  const start = async () => {
    const dir = makeTempDir();
    cleanup = dir.remove;
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
    });
  };

  afterEach(async () => {
    await host.close();
    await core.close();
    cleanup();
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

  it('refuses a foreign Origin and a rebinding Host even with the token', async () => {
    await start();
    const foreign = await call(
      'system:info',
      {},
      { authorization: 'Bearer the-token', origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    // fetch will not send a forged Host header, so this one goes through node:http.
    const reboundStatus = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/system:info',
          method: 'POST',
          headers: { host: 'evil.example', authorization: 'Bearer the-token' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(reboundStatus).toBe(403);
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
});
