import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import type { TestCore } from '../helpers/test-core';

const root = join(import.meta.dirname, '..', '..');

export interface ServedApp {
  url: string;
  dataDir: string;
  keyringService: string;
  /** Stops the host and starts it again on the same data folder, as a user closing and reopening the app. */
  restart(): Promise<void>;
  /** Everything the host printed (its log), for tests that prove secrets never reach it. */
  output(): string;
}

async function launch(
  dataDir: string,
  keyringService: string,
  log: string[],
  extraEnv: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/serve.js'), '--data-dir', dataDir, '--port', '0'],
    {
      env: {
        ...process.env,
        ...extraEnv,
        HOSTER_KEYRING_SERVICE: keyringService,
        HOSTER_TOKEN: randomBytes(16).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log.join('')}`)), 20_000);
    let printed = '';
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      printed += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(printed);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${log.join('')}`));
    });
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Each worker gets its own browser-mode host on a fresh data folder, stopped by its pid afterwards;
 * what the host printed is kept in the output folder, to read when a test failed.
 */
export const test = base.extend<object, { app: ServedApp; appEnv: Record<string, string> }>({
  /** Extra environment for the host; a spec overrides it (e.g. HOSTER_STRIPE_API_BASE) and gets a host of its own. */
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  appEnv: [async ({}, use) => use({}), { scope: 'worker' }],
  app: [
    async ({ appEnv }, use, workerInfo) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hoster-e2e-'));
      const keyringService = `hoster-e2e-${randomBytes(4).toString('hex')}`;
      const log: string[] = [];
      let current = await launch(dataDir, keyringService, log, appEnv);
      const app: ServedApp = {
        get url() {
          return current.url;
        },
        dataDir,
        keyringService,
        async restart() {
          await stop(current.child);
          current = await launch(dataDir, keyringService, log, appEnv);
        },
        output: () => log.join(''),
      };
      await use(app);
      await stop(current.child);
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(workerInfo.project.outputDir, { recursive: true });
      writeFileSync(join(workerInfo.project.outputDir, `host-${keyringService}.log`), app.output());
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** The API over HTTP, as the UI's browser bridge calls it, for setup the UI is not under test for. */
export async function call<T>(app: ServedApp, method: string, input: unknown): Promise<T> {
  const url = new URL(app.url);
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
    },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as
    { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** The same API as a contract caller, for helpers shared with the integration tests (e.g. addRigNode). */
export const apiOf = (app: ServedApp): Pick<TestCore, 'call'> => ({
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => call<MethodOutput<M>>(app, method, input),
});

/**
 * Publishes `template` (a draft as `templates:create` takes it) and deploys it to `nodeId` through the
 * API, for specs whose subject is what happens to a running deployment; waits until it runs.
 */
export async function deployRunning(
  app: ServedApp,
  input: { template: { manifest: { version: string } }; name: string; nodeId: string },
): Promise<{ deploymentId: string; templateId: string }> {
  const created = await call<{ summary: { id: string } }>(app, 'templates:create', input.template);
  const templateId = created.summary.id;
  await call(app, 'templates:publish', { id: templateId, version: input.template.manifest.version });
  const { deploymentId } = await call<{ deploymentId: string }>(app, 'deployments:create', {
    templateId,
    version: input.template.manifest.version,
    name: input.name,
    nodeId: input.nodeId,
  });
  await expect
    .poll(async () => (await call<{ status: string }>(app, 'deployments:get', { id: deploymentId })).status, {
      timeout: 120_000,
    })
    .toBe('running');
  return { deploymentId, templateId };
}

/**
 * Deletes a deployment with its data through the API and waits until the app no longer lists it: the
 * app is shared with the other specs of a worker, so each leaves it without what it deployed.
 */
export async function deleteDeployment(app: ServedApp, id: string): Promise<void> {
  await call(app, 'deployments:delete', { id, deleteData: true });
  await expect
    .poll(async () => (await call<{ id: string }[]>(app, 'deployments:list', {})).some((d) => d.id === id), {
      timeout: 60_000,
    })
    .toBe(false);
}

/** Everything the page receives from the host (API answers and WebSocket frames), for leak checks. */
export function recordReceived(page: Page): () => string[] {
  const received: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/'))
      void response.text().then(
        (text) => received.push(text),
        () => undefined,
      );
  });
  page.on('websocket', (socket) =>
    socket.on('framereceived', (frame) => received.push(String(frame.payload))),
  );
  return () => [...received];
}

/** The app's database file and its WAL as text, for checks that a secret never reached them. */
export const databaseText = (dataDir: string): string =>
  ['hoster.db', 'hoster.db-wal']
    .map((name) => {
      try {
        return readFileSync(join(dataDir, name)).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n');

/** Opens the marketplace's import dialog on a fresh page, with `file` picked when one is given. */
export async function openImportDialog(
  page: Page,
  app: ServedApp,
  file?: { name: string; mimeType: string; buffer: Buffer },
) {
  await page.goto(`${app.url}#/marketplace`);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Import templates' });
  if (file) await dialog.getByLabel('File', { exact: true }).setInputFiles(file);
  return dialog;
}
