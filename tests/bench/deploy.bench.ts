/**
 * Deploy speed on one node over SSH, a three-service template with its images present, in one run:
 *  (a) Hoster Desktop: from "Deploy" until every container is started (then until ready, and delete);
 *  (b) Debian's docker-compose run on the node itself through one SSH command (how Coolify deploys);
 *  (c) docker-compose on this machine driving the node over `ssh://`.
 * Goal: (a) ≤ 0.75 × (b). Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore } from '../helpers/test-core';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';

const ROUNDS = 3;
const rig = loadRig();
const node = rig.nodes[0]!;
const image = rig.images.local;
const work = makeTempDir('hoster-bench-deploy-');

const compose = (port: number) =>
  [
    'services:',
    '  web:',
    `    image: ${image}`,
    '    command: ["httpd", "-f", "-p", "80", "-h", "/"]',
    `    ports: ["${port}:80"]`,
    '    depends_on: [api]',
    '  api:',
    `    image: ${image}`,
    '    command: ["httpd", "-f", "-p", "8080", "-h", "/"]',
    '    depends_on: [worker]',
    '  worker:',
    `    image: ${image}`,
    '    command: ["sleep", "3600"]',
    '',
  ].join('\n');

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function composeOnNode(project: string): number {
  const dir = join(work.path, project);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'docker-compose.yml'), compose(0).replace('"0:80"', '"80"'));
  const ssh = ['-F', rig.sshConfigFile, 'node1'];
  const started = performance.now();
  execFileSync('ssh', [...ssh, `cd ${dir} && docker-compose -p ${project} up -d`], { stdio: 'ignore' });
  const elapsed = performance.now() - started;
  execFileSync('ssh', [...ssh, `cd ${dir} && docker-compose -p ${project} down -t 1`], { stdio: 'ignore' });
  return elapsed;
}

function composeOverSsh(project: string): number {
  const home = join(work.path, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  copyFileSync(rig.clientKey.privateKeyPath, join(home, '.ssh', 'id_ed25519'));
  chmodSync(join(home, '.ssh', 'id_ed25519'), 0o600);
  copyFileSync(rig.knownHostsFile, join(home, '.ssh', 'known_hosts'));
  writeFileSync(
    join(home, '.ssh', 'config'),
    `Host ${node.host}\n  Port ${node.port}\n  User root\n  IdentityFile ${join(home, '.ssh', 'id_ed25519')}\n`,
  );
  const dir = join(work.path, `${project}-client`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'docker-compose.yml'), compose(0).replace('"0:80"', '"80"'));
  // Paramiko reads ~/.ssh from $HOME; the ssh CLI would read the real home instead.
  const env = {
    ...process.env,
    HOME: home,
    COMPOSE_PARAMIKO_SSH: '1',
    DOCKER_HOST: `ssh://root@${node.host}:${node.port}`,
  };
  const started = performance.now();
  execFileSync('docker-compose', ['-p', project, 'up', '-d'], { cwd: dir, env, stdio: 'ignore' });
  const elapsed = performance.now() - started;
  // Paramiko opens a channel per parallel removal and trips over sshd's session limit, so cleaning up goes through the node.
  execFileSync(
    'ssh',
    ['-F', rig.sshConfigFile, 'node1', `cd ${dir} && docker-compose -p ${project} down -t 1`],
    { stdio: 'ignore' },
  );
  return elapsed;
}

async function main() {
  const t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1 } });
  const added = await addRigNode(t, rig, 0, 'bench');
  const template = await t.call('templates:create', {
    manifest: {
      name: 'Bench trio',
      slug: 'bench-trio',
      version: '1.0.0',
      description: 'Three busybox services.',
      category: 'web',
      icon: '📦',
      price_monthly_cents: 0,
      resources: { cpu_cores: 0.1, memory_mb: 16, disk_mb: 1 },
    },
    compose: compose(0).replace('"0:80"', '"80"'),
  });
  await t.call('templates:publish', { id: template.summary.id, version: '1.0.0' });

  const started: number[] = [];
  const ready: number[] = [];
  const removed: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let allStartedAt = 0;
    const stop = t.core.events.on('jobs:changed', (job) => {
      if (!allStartedAt && job.progress?.step.startsWith('Waiting for')) allStartedAt = performance.now();
    });
    const begin = performance.now();
    const { deploymentId } = await t.call('deployments:create', {
      templateId: template.summary.id,
      version: '1.0.0',
      name: `bench-${round}`,
      nodeId: added.id,
    });
    await t.core.jobs.settled();
    const done = performance.now();
    stop();
    if ((await t.call('deployments:get', { id: deploymentId })).status !== 'running')
      throw new Error('bench deploy failed');
    started.push(allStartedAt - begin);
    ready.push(done - begin);
    const deleteBegin = performance.now();
    await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await t.core.jobs.settled();
    removed.push(performance.now() - deleteBegin);
  }
  await t.close();

  const onNode = Array.from({ length: ROUNDS }, (_, i) => composeOnNode(`benchnode${i}`));
  const overSsh = composeOverSsh('benchclient');

  const a = median(started);
  const b = median(onNode);
  console.log(`three services, images present, median of ${ROUNDS} runs`);
  console.log(`(a) Hoster Desktop, Deploy → all containers started: ${seconds(a)}`);
  console.log(`    Deploy → running (ready, 1 s stability window): ${seconds(median(ready))}`);
  console.log(`    delete with data: ${seconds(median(removed))}`);
  console.log(`(b) docker-compose on the node through one SSH command: ${seconds(b)}`);
  console.log(`(c) docker-compose over ssh:// from this machine (one run): ${seconds(overSsh)}`);
  console.log(`ratio (a)/(b) = ${(a / b).toFixed(2)} (goal ≤ 0.75); (a)/(c) = ${(a / overSsh).toFixed(2)}`);
  work.remove();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
