/**
 * Health sweep over 20 SSH nodes (20 sshd on 127.0.1.1-20 sharing the rig's dockerd), pooled and
 * concurrent, against the per-command way Hoster's checker used (a new `ssh` connection and
 * `docker ps` per node, one after another); then the same sweep with 20 ms of delay each way in
 * front of every node (127.0.2.1-20, a proxy in its own process), as nodes far away would have.
 * Also the per-request cost of the Docker API over a node's shared SSH tunnel against the local
 * socket. Prints figures; asserts nothing.
 *
 *   npx tsx --tsconfig tsconfig.node.json tests/bench/health-sweep.bench.ts   (with HOSTER_RIG set)
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import type { Core } from '../../src/main/core/create-core';
import type { TestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { startDelayProxy } from './delay-proxy';
import { openBenchCore, startLoopbackNodes } from './bench-core';

const NODES = 20;
const SWEEPS = 7;
const PINGS = 500;
const DELAY_MS = 20;
const run = promisify(execFile);
const rig = loadRig();
const dir = makeTempDir('hoster-bench-sweep-');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const time = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Target {
  host: string;
  port: number;
  fingerprint: string;
}

const openCore = (name: string) => openBenchCore(join(dir.path, name));

/** Sweeps with one node, then with all of them; full checks of each alone and of all at once. */
async function measure(name: string, targets: Target[]) {
  const { core, call } = openCore(name);
  try {
    const key = await call('keys:import', {
      name: 'bench',
      privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
    });
    const ids: string[] = [];
    const add = async (target: Target) => {
      const { node, test } = await call('nodes:add', {
        name: target.host,
        host: target.host,
        port: target.port,
        user: 'root',
        keyId: key.id,
        dockerSocket: rig.dockerSocket,
        hostKeyFingerprint: target.fingerprint,
      });
      if (test.status !== 'online')
        throw new Error(`${target.host} is ${test.status}: ${test.error?.message ?? ''}`);
      ids.push(node.id);
    };
    const sweeps = async () => {
      await call('nodes:check-all', {});
      const times: number[] = [];
      for (let round = 0; round < SWEEPS; round += 1)
        times.push(await time(() => call('nodes:check-all', {})));
      return times;
    };
    await add(targets[0]!);
    const one = median(await sweeps());
    for (const target of targets.slice(1)) await add(target);
    const cpuBefore = process.cpuUsage();
    const all = await sweeps();
    const cpu = process.cpuUsage(cpuBefore);
    const single = new Map<string, number[]>();
    for (let round = 0; round < 3; round += 1)
      for (const id of ids)
        single.set(id, [...(single.get(id) ?? []), await time(() => call('nodes:test', { id }))]);
    const together: number[] = [];
    for (let round = 0; round < 3; round += 1)
      together.push(await time(() => Promise.all(ids.map((id) => call('nodes:test', { id })))));
    const online = (await call('nodes:list', {})).filter((node) => node.status === 'online').length;
    return {
      core,
      one,
      all,
      cpuPerSweep: (cpu.user + cpu.system) / 1000 / (SWEEPS + 1),
      slowestFull: Math.max(...[...single.values()].map(median)),
      together: median(together),
      online,
      firstId: ids[0]!,
    };
  } catch (error) {
    await core.close();
    throw error;
  }
}

function report(label: string, m: Awaited<ReturnType<typeof measure>>) {
  console.log(`${label}: ${m.online}/${NODES} online`);
  console.log(
    `  periodic sweep, 1 node: ${ms(m.one)}; ${NODES} nodes, pooled and concurrent: ${ms(median(m.all))} [${m.all.map((v) => v.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `  ${NODES}-node sweep / 1-node sweep: ${(median(m.all) / m.one).toFixed(2)}x (goal <= 1.5x); this app's CPU per ${NODES}-node sweep: ${ms(m.cpuPerSweep)}`,
  );
  console.log(
    `  full check (engine facts too): slowest node alone ${ms(m.slowestFull)}; all ${NODES} at once ${ms(m.together)} = ${(m.together / m.slowestFull).toFixed(2)}x`,
  );
}

async function main() {
  const servers: TestSshd[] = [];
  const proxies: { stop(): Promise<void> }[] = [];
  const cores: Core[] = [];
  try {
    servers.push(...(await startLoopbackNodes(dir.path, NODES, 1, rig.clientKey.publicKey)));
    const direct = servers.map((s) => ({ host: s.host, port: s.port, fingerprint: s.hostKeyFingerprint() }));
    const near = await measure('near', direct);
    cores.push(near.core);
    proxies.push(
      await startDelayProxy(
        direct.map((t, i) => ({ host: `127.0.2.${i + 1}`, port: t.port, toHost: t.host, toPort: t.port })),
        DELAY_MS,
      ),
    );
    const far = await measure(
      'far',
      direct.map((t, i) => ({ ...t, host: `127.0.2.${i + 1}` })),
    );
    cores.push(far.core);

    const knownHosts = join(dir.path, 'known_hosts');
    writeFileSync(
      knownHosts,
      servers
        .map(
          (s) =>
            `[${s.host}]:${s.port} ${readFileSync(join(s.dir, 'ssh_host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}`,
        )
        .join('\n') + '\n',
    );
    const perCommand = await time(async () => {
      for (const server of servers) {
        const options = [
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'BatchMode=yes',
          '-o',
          `UserKnownHostsFile=${knownHosts}`,
          '-o',
          'StrictHostKeyChecking=yes',
        ];
        await run('ssh', [
          '-i',
          rig.clientKey.privateKeyPath,
          ...options,
          '-p',
          String(server.port),
          `root@${server.host}`,
          `docker -H unix://${rig.dockerSocket} ps`,
        ]);
      }
    });

    const tunnel = await near.core.nodeConnections.docker(near.firstId);
    const local = new Docker({ socketPath: rig.dockerSocket });
    for (let i = 0; i < 50; i += 1) await Promise.all([tunnel.ping(), local.ping()]);
    const overTunnel =
      (await time(async () => {
        for (let i = 0; i < PINGS; i += 1) await tunnel.ping();
      })) / PINGS;
    const overSocket =
      (await time(async () => {
        for (let i = 0; i < PINGS; i += 1) await local.ping();
      })) / PINGS;

    console.log(
      `${NODES} sshd on 127.0.1.1-${NODES} sharing one dockerd, on ${availableParallelism()} cores with this app`,
    );
    report('loopback', near);
    report(`${DELAY_MS} ms each way (127.0.2.x)`, far);
    console.log(
      `per-command way (new ssh + docker ps per node, sequential, loopback): ${ms(perCommand)} (${ms(perCommand / NODES)} a node)`,
    );
    console.log(
      `  per-command / pooled sweep: ${(perCommand / median(near.all)).toFixed(0)}x; / all full checks at once: ${(perCommand / near.together).toFixed(0)}x (goal >= 30x)`,
    );
    console.log(
      `Docker API /_ping over the shared SSH tunnel: ${ms(overTunnel)}; local socket: ${ms(overSocket)}; overhead ${ms(overTunnel - overSocket)} a request (goal < 1 ms)`,
    );
  } finally {
    for (const core of cores) await core.close();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await Promise.all(servers.map((server) => server.stop()));
    dir.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
