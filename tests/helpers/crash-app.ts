/**
 * For kill tests: one data folder that the built browser-mode app (`out/main/serve.js`, SIGKILLed as
 * a crash or a power cut would) and in-process cores take turns on, its secrets in a keychain
 * service of its own.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/main/core/create-core';
import { createConsoleLogger } from '../../src/main/core/logger';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { createJsonFileSettingsStore } from '../../src/main/core/settings/settings-store';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { AppError } from '../../src/shared/result';
import { makeTempDir } from './temp-dir';

const root = join(import.meta.dirname, '..', '..');

/** The built app while it runs: its pid and its API, called as the renderer would. */
export interface KillableApp {
  pid: number | undefined;
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;
}

/** Calls a core's method, throwing its error as the renderer would see it. */
export async function call<M extends MethodName>(
  core: Core,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input);
  if (!result.ok) throw AppError.fromData(result.error);
  return result.value as MethodOutput<M>;
}

/** Resolves with the address the app prints once it listens. */
function listening(stdout: NodeJS.ReadableStream): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('serve did not start')), 20_000);
    stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running at (http:\/\/[^/\s]+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

export function crashFolder(prefix: string, log: (line: string) => void = () => undefined) {
  const dir = makeTempDir(prefix);
  const keyringService = `${prefix}${randomUUID()}`;

  const openCore = (): Core =>
    createCore({
      dataDir: dir.path,
      appVersion: '0.0.0-test',
      mode: 'browser',
      settingsStore: createJsonFileSettingsStore(join(dir.path, 'settings.json')),
      secrets: createKeyringSecretStore(keyringService),
      logger: createConsoleLogger(log),
      resourcesDir: join(root, 'resources'),
      localDockerSocket: join(dir.path, 'none.sock'),
      sshConfigPath: join(dir.path, 'none'),
      agentSocket: () => undefined,
    });

  /** Starts the built app on the folder, hands it to `use`, then SIGKILLs it, whatever `use` did. */
  async function killedAfter<T>(use: (app: KillableApp) => Promise<T>): Promise<T> {
    const token = randomBytes(12).toString('hex');
    const child = spawn(
      process.execPath,
      [join(root, 'out/main/serve.js'), '--data-dir', dir.path, '--port', '0'],
      {
        env: { ...process.env, HOSTER_TOKEN: token, HOSTER_KEYRING_SERVICE: keyringService },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const url = await listening(child.stdout);
      return await use({
        pid: child.pid,
        call: async (method, input) => {
          const response = await fetch(`${url}/api/${method}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(input),
          });
          const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
          if (!result.ok) throw new Error(`${method} failed: ${result.error?.message ?? 'unknown'}`);
          return result.value as MethodOutput<typeof method>;
        },
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  }

  return { dir, keyringService, openCore, killedAfter };
}
