/** A core for a benchmark: in-memory settings and secrets, silent, on a data folder of its own. */
import { join } from 'node:path';
import { createCore, type Core } from '../../src/main/core/create-core';
import { silentLogger } from '../../src/main/core/logger';
import { createMemorySettingsStore } from '../../src/main/core/settings/settings-store';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { createMemorySecretStore } from '../helpers/memory-secret-store';

export interface BenchCore {
  core: Core;
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;
}

/** `validateEvents: false` for a benchmark that times pushed events: checking them is a development aid. */
export function openBenchCore(dataDir: string, options: { validateEvents?: boolean } = {}): BenchCore {
  const core = createCore({
    dataDir,
    appVersion: 'bench',
    mode: 'browser',
    settingsStore: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
    logger: silentLogger,
    localDockerSocket: join(dataDir, 'none.sock'),
    sshConfigPath: join(dataDir, 'none'),
    agentSocket: () => undefined,
    ...options,
  });
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await core.dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as MethodOutput<M>;
  };
  return { core, call };
}
