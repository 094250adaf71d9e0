/**
 * Time to the first answer after a restart, with 20 nodes (20 sshd on 127.0.5.1-20 sharing the rig's
 * dockerd) and 75 running deployments, against an empty data folder. Each restart times
 * `createCore` + `start()` to `system:info` and `nodes:list` answered, in process and through the
 * browser host (HTTP, as the browser UI asks), then follows the background work: when every node has
 * been checked online again and the longest the event loop was held meanwhile. The folder is built once with the
 * product's own calls and reused. Prints figures; asserts nothing.
 *
 *   bash tests/rig/with-keyring.sh npx tsx --tsconfig tsconfig.node.json tests/bench/startup.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore, type Core } from '../../src/main/core/create-core';
import type { Node } from '../../src/shared/contract/nodes';
import { silentLogger } from '../../src/main/core/logger';
import { createKeyringSecretStore } from '../../src/main/core/secrets/keyring-secret-store';
import { createMemorySettingsStore } from '../../src/main/core/settings/settings-store';
import { startBrowserHost } from '../../src/main/serve/browser-host';
import { scriptTemplate } from '../helpers/script-template';
import type { TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';
import { startLoopbackNodes } from './bench-core';

const NODES = 20;
const DEPLOYMENTS = 75;
const RUNS = 5;
const rig = loadRig();
const dir = makeTempDir('hoster-bench-startup-');
const keyring = `hoster-bench-${randomUUID()}`;
const resourcesDir = join(import.meta.dirname, '..', '..', 'resources');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A core as `npm run serve` builds it, on the given folder. */
const openCore = (dataDir: string): Core =>
  createCore({
    dataDir,
    appVersion: 'bench',
    mode: 'browser',
    settingsStore: createMemorySettingsStore(),
    secrets: createKeyringSecretStore(keyring),
    logger: silentLogger,
    resourcesDir,
    localDockerSocket: join(dataDir, 'none.sock'),
    sshConfigPath: join(dataDir, 'none'),
    agentSocket: () => undefined,
  });

/** The folder with 20 nodes and 75 one-container deployments, made through the product's own calls. */
async function buildFleet(dataDir: string, servers: TestSshd[]): Promise<void> {
  const t = createTestCore({ dataDir, secrets: createKeyringSecretStore(keyring), resourcesDir });
  t.core.start();
  try {
    await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 120 } });
    const key = await t.call('keys:import', { name: 'rig', privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8') });
    const nodeIds: string[] = [];
    for (const s of servers) {
      const { node, test } = await t.call('nodes:add', {
        name: s.host,
        host: s.host,
        port: s.port,
        user: 'root',
        keyId: key.id,
        dockerSocket: rig.dockerSocket,
        hostKeyFingerprint: s.hostKeyFingerprint(),
      });
      if (test.status !== 'online') throw new Error(`${s.host} is ${test.status}: ${test.error?.message ?? ''}`);
      nodeIds.push(node.id);
    }
    const template = await t.call('templates:create', scriptTemplate(rig.images.local, 'startup', { app: { script: 'exec sleep 86400' } }));
    await t.call('templates:publish', { id: template.summary.id, version: '1.0.0' });
    for (let i = 0; i < DEPLOYMENTS; i += 1)
      await t.call('deployments:create', {
        templateId: template.summary.id,
        version: '1.0.0',
        name: `startup-${i + 1}`,
        nodeId: nodeIds[i % NODES]!,
      });
    await t.core.jobs.settled();
    const running = (await t.call('deployments:list', {})).filter((d) => d.status === 'running').length;
    console.log(`fleet built: ${NODES} nodes, ${running}/${DEPLOYMENTS} deployments running`);
  } finally {
    await t.close();
  }
}

interface Restart {
  firstAnswerMs: number;
  nodesListMs: number;
  allOnlineMs: number | null;
  maxLoopDelayMs: number;
}

/** One restart: the core (and, for `viaHttp`, the browser host) built and started, then asked. */
async function restart(dataDir: string, viaHttp: boolean, nodes: number): Promise<Restart> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const since = new Date().toISOString();
  const core = openCore(dataDir);
  const host = viaHttp ? await startBrowserHost({ core, rendererDir: dataDir, logger: silentLogger }) : null;
  core.start();
  const ask = async (method: 'system:info' | 'nodes:list') => {
    if (!host) return (await core.dispatch(method, {})).ok;
    const response = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await response.json()) as { ok: boolean }).ok;
  };
  try {
    if (!(await ask('system:info'))) throw new Error('system:info failed');
    const firstAnswerMs = performance.now() - started;
    if (!(await ask('nodes:list'))) throw new Error('nodes:list failed');
    const nodesListMs = performance.now() - started;
    let allOnlineMs: number | null = null;
    while (nodes > 0 && performance.now() - started < 30_000) {
      const listed = await core.dispatch('nodes:list', {});
      const list = listed.ok ? (listed.value as Node[]) : [];
      if (list.filter((n) => n.status === 'online' && (n.lastCheckedAt ?? '') >= since).length === nodes) {
        allOnlineMs = performance.now() - started;
        break;
      }
      await sleep(20);
    }
    return { firstAnswerMs, nodesListMs, allOnlineMs, maxLoopDelayMs: loop.max / 1e6 };
  } finally {
    loop.disable();
    await host?.close();
    await core.close();
  }
}

async function report(label: string, dataDir: string, nodes: number) {
  for (const viaHttp of [false, true]) {
    const runs: Restart[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await restart(dataDir, viaHttp, nodes));
    const online = runs.map((r) => r.allOnlineMs).filter((v): v is number => v !== null);
    console.log(
      `${label}, ${viaHttp ? 'browser host (HTTP)' : 'in process'}: first answer (system:info) ${median(runs.map((r) => r.firstAnswerMs)).toFixed(0)} ms, ` +
        `nodes:list ${median(runs.map((r) => r.nodesListMs)).toFixed(0)} ms (goal < 1000 ms)` +
        (nodes > 0
          ? `; every node online again ${online.length === RUNS ? `${median(online).toFixed(0)} ms` : `in ${online.length}/${RUNS} runs`}, event loop held at most ${median(runs.map((r) => r.maxLoopDelayMs)).toFixed(0)} ms`
          : ''),
    );
  }
}

async function cleanUp(dataDir: string) {
  const t = createTestCore({ dataDir, secrets: createKeyringSecretStore(keyring), resourcesDir });
  try {
    for (const d of await t.call('deployments:list', {})) await t.call('deployments:delete', { id: d.id, deleteData: true });
    await t.core.jobs.settled();
  } finally {
    await t.close();
  }
}

async function main() {
  const servers: TestSshd[] = [];
  const fleet = join(dir.path, 'fleet');
  const empty = join(dir.path, 'empty');
  mkdirSync(empty);
  try {
    servers.push(...(await startLoopbackNodes(dir.path, NODES, 5, rig.clientKey.publicKey)));
    await buildFleet(fleet, servers);
    // The empty folder is opened once first, so both rows time a restart and not a first run's migrations.
    await openCore(empty).close();
    await report('empty data folder', empty, 0);
    await report(`${NODES} nodes, ${DEPLOYMENTS} deployments`, fleet, NODES);
    await cleanUp(fleet);
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
    dir.remove();
  }
}

await main();
