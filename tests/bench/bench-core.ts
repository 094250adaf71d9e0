/** A core for a benchmark: in-memory settings and secrets, silent, on a data folder of its own. */
import { join } from 'node:path';
import { createCore, type Core } from '../../src/main/core/create-core';
import { silentLogger } from '../../src/main/core/logger';
import { createMemorySettingsStore } from '../../src/main/core/settings/settings-store';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { createMemorySecretStore } from '../helpers/memory-secret-store';
import { startTestSshd, type TestSshd } from '../helpers/sshd';

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

/** `count` extra sshd nodes on loopback (127.0.`subnet`.1, .2, …) that let in `publicKey`, for a fleet sharing one engine. */
export function startLoopbackNodes(
  dir: string,
  count: number,
  subnet: number,
  publicKey: string,
): Promise<TestSshd[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      startTestSshd({
        dir: join(dir, `sshd-${i + 1}`),
        host: `127.0.${subnet}.${i + 1}`,
        authorizedKeys: [publicKey],
        logLevel: 'ERROR',
      }),
    ),
  );
}
