import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createMemorySecretStore } from '../../../tests/helpers/memory-secret-store';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { createCore, type Core } from '../core/create-core';
import { silentLogger } from '../core/logger';
import { createMemorySettingsStore } from '../core/settings/settings-store';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from './browser-host';
import { loadOrMakeSelfSigned } from './tls-material';

export interface Sent {
  status: number;
  text: string;
}

/** One request through node:http(s), which (unlike fetch) sends any Host header and any request target. */
export function send(
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

export type HostHarness = ReturnType<typeof useBrowserHost>;

/**
 * A real core behind a browser host with the token `the-token`, a one-page renderer and a record of
 * every method that reached the core; started by `start` in a test of the calling `describe`,
 * closed and removed after it.
 */
export function useBrowserHost() {
  let dir: { path: string; remove: () => void };
  const harness = {
    core: undefined as unknown as Core,
    host: undefined as unknown as BrowserHost,
    calls: [] as string[],
    async start(options: Partial<BrowserHostOptions> = {}) {
      dir = makeTempDir();
      const rendererDir = join(dir.path, 'renderer');
      mkdirSync(rendererDir);
      writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Hoster</title>');
      harness.core = createCore({
        dataDir: dir.path,
        appVersion: '9.9.9',
        mode: 'browser',
        settingsStore: createMemorySettingsStore(),
        secrets: createMemorySecretStore(),
        logger: silentLogger,
      });
      const dispatch = harness.core.dispatch;
      harness.host = await startBrowserHost({
        core: {
          events: harness.core.events,
          dispatch: (method, input) => (harness.calls.push(method), dispatch(method, input)),
        },
        rendererDir,
        logger: silentLogger,
        token: 'the-token',
        ...options,
      });
    },
    call: (method: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${harness.host.port}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
  };

  afterEach(async () => {
    await harness.host.close();
    await harness.core.close();
    dir.remove();
    harness.calls.length = 0;
  });

  return harness;
}

/** The harness's host over TLS with a fresh self-signed certificate for `publicHost`, and pins to it. */
export function useTls(harness: HostHarness, publicHost: string) {
  let cert: string;
  return {
    async start() {
      const made = makeTempDir();
      try {
        const material = await loadOrMakeSelfSigned(made.path, [publicHost]);
        cert = material.cert;
        await harness.start({ tls: material, publicHosts: [publicHost] });
      } finally {
        made.remove();
      }
    },
    pinned: (servername: string) => ({ ca: cert, servername }),
  };
}
