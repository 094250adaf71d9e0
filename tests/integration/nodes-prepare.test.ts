/**
 * Preparing a fresh server for real: a minimal Debian 12 root (tests/rig/debian-root.sh: debootstrap,
 * packages from deb.debian.org) whose own sshd answers on 127.0.0.61:22, with no Docker. Added as a
 * node it fails at "docker"; the plan reads Debian 12 and the apt commands; a broken package source
 * stops the run at its first command with the log and leaves everything as it was; the real run
 * installs docker.io from Debian's packages, starts it with the service script (no systemd in a
 * chroot, and policy-rc.d kept the package from starting it) and the node turns online. Non-root
 * logins: one whose sudo wants a password is refused with what to do, one with passwordless sudo is
 * prepared through `sudo -n` and joins the docker group. At the end the namespace is stopped by pid,
 * and sshd, dockerd and containerd with it.
 * Needs root, unshare and debootstrap (tests/rig/install.sh) and the network to deb.debian.org.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparePlan } from '../../src/shared/contract/node-prepare';
import { commandOf, descendantsOf, waitForExit } from '../helpers/processes';
import { ed25519Pair } from '../helpers/ssh-keys';
import { makeTempDir } from '../helpers/temp-dir';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const run = promisify(execFile);
const rig = loadRig();
const HOST = '127.0.0.61';
const SCRIPT = join(import.meta.dirname, '../rig/debian-root.sh');
// The first run of a day builds the root (debootstrap, ~30 s here); apt then downloads docker.io (~60 MB).
const SETUP_MS = 11 * 60_000;
const INSTALL_MS = 10 * 60_000;

const dir = makeTempDir('hoster-prepare-');
const runDir = join(dir.path, 'debian');
const key = ed25519Pair();
const keyFile = join(dir.path, 'client_ed25519');
let t: TestCore | undefined;
let namespacePid = 0;
let nodeId = '';

/** Runs a command on the Debian server as its own administrator would, outside the app. */
const onServer = (command: string) =>
  run(
    'ssh',
    [
      '-i',
      keyFile,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'ConnectTimeout=10',
      `root@${HOST}`,
      command,
    ],
    { timeout: 30_000 },
  );

const stopServer = () => run('bash', [SCRIPT, 'stop', runDir], { timeout: 30_000 });

beforeAll(async () => {
  writeFileSync(keyFile, key.private, { mode: 0o600 });
  writeFileSync(join(dir.path, 'client_ed25519.pub'), key.public);
  // The server's own Docker configuration, as its administrator would write it: the engine it will run
  // never touches the host's network (no bridge, no iptables) and needs no overlay filesystem.
  mkdirSync(join(runDir, 'upper/etc/docker'), { recursive: true });
  writeFileSync(
    join(runDir, 'upper/etc/docker/daemon.json'),
    JSON.stringify({ bridge: 'none', iptables: false, 'storage-driver': 'vfs' }),
  );
  const started = await run(
    'bash',
    [SCRIPT, 'start', runDir, HOST, '22', join(dir.path, 'client_ed25519.pub')],
    {
      timeout: SETUP_MS,
    },
  );
  namespacePid = Number(started.stdout.trim());
  expect(namespacePid).toBeGreaterThan(1);
  t = createTestCore();
}, SETUP_MS + 30_000);

/** Closes the core once (the last test closes it before stopping the server). */
const closeCore = async () => {
  const open = t;
  t = undefined;
  await open?.close();
};
/** The core while it is open. */
const app = () => {
  if (!t) throw new Error('the core is closed');
  return t;
};

afterAll(async () => {
  await closeCore();
  await stopServer();
  dir.remove();
}, 60_000);

let keyId = '';
/** Adds the server as a node logging in as `user`, its host key accepted as the user would after the scan. */
const addNode = async (name: string, user: string) => {
  const { fingerprint } = await app().call('nodes:scan-host-key', { host: HOST, port: 22 });
  keyId ||= (await app().call('keys:import', { name: 'debian', privateKey: key.private })).id;
  return app().call('nodes:add', { name, host: HOST, user, keyId, hostKeyFingerprint: fingerprint });
};

/** A login user on the server with the test's key, and the sudo rule its administrator gave it. */
const addServerUser = (user: string, sudoRule: string) =>
  onServer(
    [
      `useradd -m -s /bin/bash ${user}`,
      `install -d -m 700 -o ${user} -g ${user} /home/${user}/.ssh`,
      `install -m 600 -o ${user} -g ${user} /root/.ssh/authorized_keys /home/${user}/.ssh/`,
      `echo '${user} ${sudoRule}' > /etc/sudoers.d/${user}`,
      `chmod 440 /etc/sudoers.d/${user}`,
    ].join(' && '),
  );

const lastJob = async () => (await app().call('jobs:list', { target: nodeId, limit: 1 }))[0];

describe('preparing a fresh Debian server', () => {
  it('adds the server without Docker: kept, failing at "docker" with a message that offers preparing it', async () => {
    const { node, test } = await addNode('fresh debian', 'root');
    nodeId = node.id;
    expect(test.isOk).toBe(false);
    expect(test.steps.find((step) => step.name === 'auth')?.status).toBe('ok');
    expect(test.steps.find((step) => step.name === 'docker')?.status).toBe('failed');
    expect(test.error?.code).toBe('docker_unavailable');
    expect(test.error?.message).toContain('“Prepare this server…”');
    const kept = await app().call('nodes:get', { id: nodeId });
    expect(kept.status).toBe('degraded');
  });

  let plan: PreparePlan;
  it('plans Debian 12’s own packages, started with the service script, run as root', async () => {
    plan = await app().call('nodes:prepare-plan', { id: nodeId });
    expect(plan.os).toEqual({ id: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12' });
    expect(plan).toMatchObject({
      user: 'root',
      sudo: 'root',
      init: 'service',
      isInstalled: false,
      blocker: null,
    });
    const commands = plan.commands.map((c) => c.command);
    expect(commands[0]).toMatch(/apt-get .*update$/);
    expect(commands[1]).toMatch(/apt-get .*install -y docker\.io$/);
    expect(commands).toContain('service docker start');
  });

  it('stops at the first failing command with its log, and leaves the node and the server as they were', async () => {
    // A package source with a typo in its address: the rig's registry answers 404 where apt wants its Release
    // file, which apt counts as an error (an address nobody listens on is only a warning to apt).
    await onServer(
      `echo "deb http://${rig.registry}/debain bookworm main" > /etc/apt/sources.list.d/broken.list`,
    );
    const before = await app().call('nodes:get', { id: nodeId });
    await app().call('nodes:prepare', { id: nodeId });
    await app().core.jobs.settled();
    const job = await lastJob();
    expect(job?.kind).toBe('nodes:prepare');
    expect(job?.status).toBe('failed');
    expect(job?.error?.message).toContain(
      `Step 1 of ${plan.commands.length}, “Refresh the package lists”, exited with code 100. Nothing after it ran.`,
    );
    expect(job?.error?.message).toContain(
      `${rig.registry}/debain bookworm Release' does not have a Release file`,
    );
    const log = await app().call('nodes:prepare-log', { id: nodeId });
    expect(log.jobId).toBe(job?.id);
    expect(log.text).toContain(`$ ${plan.commands[0]?.command ?? ''}`);
    expect(log.text).not.toContain(`$ ${plan.commands[1]?.command ?? ''}`);
    const after = await app().call('nodes:get', { id: nodeId });
    expect(after).toMatchObject({
      status: before.status,
      dockerSocket: before.dockerSocket,
      lastError: before.lastError,
    });
    expect((await app().call('nodes:prepare-plan', { id: nodeId })).isInstalled).toBe(false);
    await onServer('rm /etc/apt/sources.list.d/broken.list');
  }, 120_000);

  it('stops when cancelled: the running command is killed, the run ends cancelled, nothing after it ran', async () => {
    const job = await app().call('nodes:prepare', { id: nodeId });
    // apt is fetching: what it printed so far has reached the kept log.
    await expect
      .poll(async () => (await app().call('nodes:prepare-log', { id: nodeId })).text, { timeout: 60_000 })
      .toMatch(/(Get|Hit|Ign):1 /);
    await app().call('jobs:cancel', { id: job.id });
    await app().core.jobs.settled();
    expect(await app().call('jobs:get', { id: job.id })).toMatchObject({ status: 'cancelled' });
    const log = await app().call('nodes:prepare-log', { id: nodeId });
    expect(log.text).not.toContain(`$ ${plan.commands[1]?.command ?? ''}`);
    expect((await app().call('nodes:get', { id: nodeId })).status).toBe('degraded');
    // Stopped on the server, not only in the app: apt's lock is free at once.
    const { stdout } = await onServer(
      'apt-get check >/dev/null 2>&1 && ps -eo comm | grep -c "^apt-get$" || true',
    );
    expect(stdout.trim()).toBe('0');
  }, 120_000);

  it(
    'installs docker.io from Debian, streams apt’s output, starts the engine, and the node turns online',
    async () => {
      const streamed: string[] = [];
      const off = app().core.events.on('nodes:prepare-output', (event) => {
        if (event.nodeId === nodeId) streamed.push(event.text);
      });
      const job = await app().call('nodes:prepare', { id: nodeId });
      await app().core.jobs.settled();
      off();
      const done = await app().call('jobs:get', { id: job.id });
      const text = streamed.join('');
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      expect(text).toMatch(/Unpacking docker\.io \(20\.10/);
      expect(text).toContain('Setting up docker.io');
      expect(text).toContain('policy-rc.d denied execution of start');
      expect(text).toContain('✓ The node answers: Docker 20.10');
      // The marker that lets a cancel find the command's processes is not part of what the user reads.
      expect(text).not.toContain('hoster-prepare-group:');
      expect((await app().call('nodes:prepare-log', { id: nodeId })).text).toBe(text);
      const node = await app().call('nodes:get', { id: nodeId });
      expect(node.status).toBe('online');
      expect(node.resources?.dockerVersion).toMatch(/^20\.10\./);
      const test = await app().call('nodes:test', { id: nodeId });
      expect(test.steps.find((step) => step.name === 'docker')?.status).toBe('ok');
      expect((await app().call('nodes:prepare-plan', { id: nodeId })).isInstalled).toBe(true);
    },
    INSTALL_MS,
  );

  it('refuses to run for a user whose sudo wants a password, says so, and runs nothing', async () => {
    await addServerUser('ann', 'ALL=(ALL) ALL');
    const { node } = await addNode('debian as ann', 'ann');
    const annPlan = await app().call('nodes:prepare-plan', { id: node.id });
    expect(annPlan).toMatchObject({ user: 'ann', sudo: 'needs-password', isInstalled: true });
    expect(annPlan.blocker).toContain('sudo asks ann for a password, which the app cannot type');
    expect(annPlan.commands.map((c) => c.command)).toContain("sudo -n sh -c 'usermod -aG docker ann'");
    const refused = await app().fail('nodes:prepare', { id: node.id });
    expect(refused.code).toBe('unsupported');
    expect(refused.message).toBe(annPlan.blocker);
    expect(await app().call('jobs:list', { target: node.id, limit: 5 })).toEqual([]);
    await onServer('id -nG ann').then(({ stdout }) => expect(stdout.split(/\s+/)).not.toContain('docker'));
  });

  it('prepares through sudo -n for a user with passwordless sudo: into the docker group, and online', async () => {
    await addServerUser('deploy', 'ALL=(ALL) NOPASSWD:ALL');
    const { node, test } = await addNode('debian as deploy', 'deploy');
    // The engine runs, but its socket is root's and the docker group's: deploy cannot reach it yet.
    expect(test.steps.find((step) => step.name === 'docker')?.status).toBe('failed');
    const deployPlan = await app().call('nodes:prepare-plan', { id: node.id });
    expect(deployPlan).toMatchObject({ sudo: 'passwordless', isInstalled: true, blocker: null });
    expect(deployPlan.commands.every((c) => c.command.startsWith("sudo -n sh -c '"))).toBe(true);
    const job = await app().call('nodes:prepare', { id: node.id });
    await app().core.jobs.settled();
    expect(await app().call('jobs:get', { id: job.id })).toMatchObject({ status: 'succeeded', error: null });
    const log = await app().call('nodes:prepare-log', { id: node.id });
    expect(log.text).toContain("$ sudo -n sh -c 'usermod -aG docker deploy'");
    expect((await app().call('nodes:get', { id: node.id })).status).toBe('online');
  }, 120_000);

  it('stops the server by pid: the namespace, its sshd and the engine it started are gone', async () => {
    const inside = descendantsOf(namespacePid);
    const names = inside.map(commandOf);
    expect(names).toEqual(expect.arrayContaining(['sshd', 'dockerd', 'containerd']));
    await closeCore();
    await stopServer();
    expect(await waitForExit([namespacePid, ...inside], 10_000)).toEqual([]);
  }, 60_000);
});
