/**
 * The app for fleet-cost.bench.ts, in a process of its own so its CPU and memory can be read from
 * /proc: a core on the bench's data folder (secrets in the test keyring, so a restart finds them),
 * driven over IPC by the bench. It counts every request it sends a node (execs, and each Docker API
 * request by path) and, when told, behaves as an open window does: the fleet page loaded and one
 * deployment's page on screen, reloading what the renderer reloads on each pushed event.
 * Not a benchmark of its own (run.sh runs `*.bench.ts` only).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { scriptTemplate } from '../helpers/script-template';

const startedAt = performance.now();
const { createCore } = await import('../../src/main/core/create-core');
const { silentLogger } = await import('../../src/main/core/logger');
const { createKeyringSecretStore } = await import('../../src/main/core/secrets/keyring-secret-store');
const { createMemorySettingsStore } = await import('../../src/main/core/settings/settings-store');
const loadedAt = performance.now();

const dataDir = process.env.FLEET_DATA_DIR ?? '';
const core = createCore({
  dataDir,
  appVersion: 'bench',
  mode: 'browser',
  settingsStore: createMemorySettingsStore(),
  secrets: createKeyringSecretStore(process.env.FLEET_KEYRING ?? ''),
  logger: silentLogger,
  localDockerSocket: join(dataDir, 'none.sock'),
  sshConfigPath: join(dataDir, 'none'),
  agentSocket: () => undefined,
  validateEvents: false,
});

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

/** Requests sent to the nodes, by kind. */
const counts = { stats: 0, logs: 0, list: 0, exec: 0, other: 0 };
const kindOf = (path: string): keyof typeof counts =>
  /^\/containers\/[^/]+\/stats/.test(path)
    ? 'stats'
    : /^\/containers\/[^/]+\/logs/.test(path)
      ? 'logs'
      : /^\/containers\/json/.test(path)
        ? 'list'
        : 'other';
const connections = core.nodeConnections;
const exec = connections.exec.bind(connections);
connections.exec = (id, command, options) => {
  counts[command.includes('/sys/fs/cgroup') ? 'stats' : 'exec'] += 1;
  return exec(id, command, options);
};
const wrapped = new WeakSet<object>();
const docker = connections.docker.bind(connections);
connections.docker = async (id) => {
  const client = await docker(id);
  const modem = client.modem as { dial: (options: { path?: string }, callback: unknown) => unknown };
  if (!wrapped.has(modem)) {
    wrapped.add(modem);
    const dial = modem.dial.bind(modem);
    modem.dial = (options, callback) => {
      counts[kindOf(options.path ?? '')] += 1;
      return dial(options, callback);
    };
  }
  return client;
};

core.start();
await call('deployments:list', {});
const firstAnswerAt = performance.now();

/** Nodes, a template of `perDeployment` services each logging a line every 2 s, and the deployments. */
async function setUp(input: { nodes: { host: string; port: number; fingerprint: string }[]; deployments: number; perDeployment: number; prefix: string; dockerSocket: string; keyPath: string; image: string }) {
  await call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 300 } });
  const key = await call('keys:import', { name: 'bench', privateKey: readFileSync(input.keyPath, 'utf8') });
  const nodeIds: string[] = [];
  for (const [i, target] of input.nodes.entries()) {
    const { node, test } = await call('nodes:add', {
      name: `fleet ${i + 1}`,
      host: target.host,
      port: target.port,
      user: 'root',
      keyId: key.id,
      dockerSocket: input.dockerSocket,
      hostKeyFingerprint: target.fingerprint,
    });
    if (test.status !== 'online') throw new Error(`${target.host} is ${test.status}`);
    nodeIds.push(node.id);
  }
  const services = Object.fromEntries(
    Array.from({ length: input.perDeployment }, (_, i) => [
      `s${i}`,
      { script: `while :; do echo "s${i} line at $$(date +%s) from the fleet benchmark"; sleep 2; done` },
    ]),
  );
  const template = await call('templates:create', scriptTemplate(input.image, `${input.prefix}t`, services));
  await call('templates:publish', { id: template.summary.id, version: '1.0.0' });
  for (let i = 0; i < input.deployments; i += 1)
    await call('deployments:create', {
      templateId: template.summary.id,
      version: '1.0.0',
      name: `${input.prefix}${i}`,
      nodeId: nodeIds[i % nodeIds.length]!,
    });
  await core.jobs.settled();
  const notRunning = (await call('deployments:list', {})).filter((d) => d.status !== 'running');
  if (notRunning.length > 0)
    throw new Error(`deployments not running: ${notRunning.map((d) => `${d.name} ${d.status}: ${d.error}`).join('; ')}`);
}

/** An open window: the fleet page loaded, one deployment on screen, reloaded as the renderer does. */
function openWindow() {
  const quietly = (work: Promise<unknown>) => void work.catch(() => undefined);
  const clientId = randomUUID();
  let focused = '';
  const focus = () => quietly(call('monitoring:focus', { viewId: 'deployment', deploymentIds: [focused] }));
  const reload = (what: { stats?: boolean; events?: boolean; logs?: boolean }) => {
    quietly(call('monitoring:overview', { deploymentId: focused }));
    if (what.stats) quietly(call('monitoring:stats', { deploymentId: focused, range: '1h' }));
    if (what.events) quietly(call('monitoring:events', { deploymentId: focused, limit: 500 }));
    if (what.logs) quietly(call('monitoring:logs', { deploymentId: focused, offset: null, limit: 500 }));
  };
  const off = core.events.onAny((event, payload) => {
    const ids = (payload as { deploymentIds?: string[]; deploymentId?: string }).deploymentIds ?? [
      (payload as { deploymentId?: string }).deploymentId,
    ];
    if (event === 'monitoring:sampled' || event === 'monitoring:events-recorded') {
      if (ids.includes(focused)) reload({ stats: event === 'monitoring:sampled', events: true });
      quietly(call('monitoring:fleet', {}));
    }
    if (event === 'monitoring:logs-appended' && ids.includes(focused)) reload({ logs: true });
    if (event === 'deployments:changed') quietly(call('deployments:list', {}));
  });
  let renew: NodeJS.Timeout | undefined;
  void (async () => {
    focused = (await call('deployments:list', {}))[0]?.id ?? '';
    await call('sampling:visibility', { clientId, isVisible: true });
    const { leaseSeconds } = await call('monitoring:focus', { viewId: 'deployment', deploymentIds: [focused] });
    renew = setInterval(focus, (leaseSeconds * 1000) / 2);
    await call('nodes:list', {});
    await call('monitoring:fleet', {});
    reload({ stats: true, events: true, logs: true });
  })();
  return async () => {
    off();
    clearInterval(renew);
    await call('monitoring:focus', { viewId: 'deployment', deploymentIds: [] });
    await call('sampling:visibility', { clientId, isVisible: false });
  };
}

let closeWindow: (() => Promise<void>) | null = null;
const reply = (message: object) => process.send?.(message);
process.on('message', (message: { do: string; input?: unknown }) => {
  const work = async (): Promise<object> => {
    if (message.do === 'setup') await setUp(message.input as Parameters<typeof setUp>[0]);
    if (message.do === 'window') closeWindow = openWindow();
    if (message.do === 'no-window') await closeWindow?.();
    if (message.do === 'usage') return { usage: await call('monitoring:usage', {}) };
    if (message.do === 'close') await core.close();
    return {};
  };
  work().then(
    (value) => {
      reply({ ok: true, counts, ...value });
      if (message.do === 'close') process.disconnect();
    },
    (error: unknown) => reply({ ok: false, error: String(error) }),
  );
});
reply({ ready: true, bootMs: startedAt, loadMs: loadedAt - startedAt, coreMs: firstAnswerAt - loadedAt, firstAnswerMs: firstAnswerAt });
