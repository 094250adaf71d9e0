import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { AppError, type Result } from '../../src/shared/result';
import { createCore, DATABASE_FILE_NAME, type Core, type CorePorts } from '../../src/main/core/create-core';
import { createConsoleLogger } from '../../src/main/core/logger';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { createMemorySettingsStore } from '../../src/main/core/settings/settings-store';
import { makeTempDir } from './temp-dir';

export interface TestCore {
  core: Core;
  dataDir: string;
  /** Calls through the dispatcher, as a renderer does; throws the AppError of a failed answer. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Like call, but returns the failure. */
  fail<M extends MethodName>(method: M, input: MethodInput<M>): Promise<AppError>;
  /** Every log line, every contract answer and every pushed event so far, as JSON text. */
  transcript(): string;
  databaseText(): string;
  close(): Promise<void>;
}

/**
 * A real core on a fresh data folder with the real OS keychain (a per-test service name inside the
 * Secret Service that tests/rig/with-keyring.sh starts). It records everything that would reach
 * a renderer or a log, so a test can prove no secret ever got there.
 */
export function createTestCore(overrides: Partial<CorePorts> = {}): TestCore {
  // A given data folder belongs to the caller (a test reopening it as a restart would); a fresh one is ours.
  const dir = overrides.dataDir ? { path: overrides.dataDir, remove: () => undefined } : makeTempDir('hoster-it-');
  const lines: string[] = [];
  const core = createCore({
    dataDir: dir.path,
    appVersion: '0.0.0-test',
    mode: 'browser',
    settingsStore: createMemorySettingsStore(),
    secrets: createKeyringSecretStore(`hoster-it-${randomUUID()}`),
    logger: createConsoleLogger((line) => lines.push(line)),
    localDockerSocket: join(dir.path, 'no-local-docker.sock'),
    sshConfigPath: join(dir.path, 'no-ssh-config'),
    agentSocket: () => undefined,
    ...overrides,
  });
  const unsubscribe = core.events.onAny((event: EventName, payload) => lines.push(JSON.stringify({ event, payload })));
  const dispatch = async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
    const result = await core.dispatch(method, input);
    lines.push(JSON.stringify({ method, result }));
    return result;
  };
  return {
    core,
    dataDir: dir.path,
    async call(method, input) {
      const result = await dispatch(method, input);
      if (!result.ok) throw AppError.fromData(result.error);
      return result.value as MethodOutput<typeof method>;
    },
    async fail(method, input) {
      const result = await dispatch(method, input);
      if (result.ok) throw new Error(`${method} succeeded but the test expected a failure`);
      return AppError.fromData(result.error);
    },
    transcript: () => lines.join('\n'),
    databaseText: () =>
      ['', '-wal'].map((suffix) => {
        try {
          return readFileSync(join(dir.path, DATABASE_FILE_NAME + suffix)).toString('latin1');
        } catch {
          return '';
        }
      }).join('\n'),
    async close() {
      unsubscribe();
      await core.close();
      dir.remove();
    },
  };
}
