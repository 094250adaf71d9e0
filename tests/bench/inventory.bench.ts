/**
 * The node inventory on a crowded engine: 200 containers (created, not started), 300 images and
 * 200 volumes added to the rig's engine, read through the core over the node's SSH connection, against
 * the Docker CLI on the engine's own socket in the same run (`docker ps -a` + `docker images` +
 * `docker volume ls`, and `docker system df -v`). Everything it made carries one label and is removed
 * afterwards, a few at a time. Prints figures; asserts nothing.
 *
 *   npx tsx --tsconfig tsconfig.node.json tests/bench/inventory.bench.ts   (with HOSTER_RIG set)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { tarFiles } from '../../src/main/core/docker/tar';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { openBenchCore } from './bench-core';

const CONTAINERS = 200;
const IMAGES = 300;
const VOLUMES = 200;
const ROUNDS = 5;
const BATCH = 10;
const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const run = randomBytes(3).toString('hex');
const LABEL = `dev.hoster.bench=inventory-${run}`;
const dir = makeTempDir('hoster-bench-inventory-');
const exec = promisify(execFile);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const time = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const rounds = async (count: number, work: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let round = 0; round < count; round += 1) times.push(await time(work));
  return median(times);
};

/** Runs `work` over `items`, BATCH at a time, so the shared engine is never flooded. */
async function inBatches<T>(items: readonly T[], work: (item: T, index: number) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += BATCH)
    await Promise.all(items.slice(start, start + BATCH).map((item, offset) => work(item, start + offset)));
}

const cli = (...args: string[]) =>
  exec('docker', args, {
    env: { ...process.env, DOCKER_HOST: `unix://${rig.dockerSocket}` },
    maxBuffer: 64 << 20,
  });

/** One tiny tar imported 300 times, each with its own commit message, so each is an image of its own. */
async function makeImages(): Promise<string[]> {
  const tarPath = join(dir.path, 'tiny.tar');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(tarPath, tarFiles([{ path: 'hello.txt', content: 'hello\n', mode: 0o644 }], new Date(0)));
  const references = Array.from({ length: IMAGES }, (_, index) => `local/bench-inventory-${run}:${index}`);
  await inBatches(references, async (reference, index) => {
    const [repo, tag] = reference.split(':');
    const stream = await docker.importImage(createReadStream(tarPath), {
      repo,
      tag,
      message: `bench ${run} ${index}`,
      changes: [`LABEL ${LABEL.replace('=', '="')}"`],
    });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve(undefined))),
    );
  });
  return references;
}

async function populate(references: readonly string[]) {
  const labels = { [LABEL.split('=')[0]!]: `inventory-${run}` };
  await inBatches(
    Array.from({ length: VOLUMES }, (_, index) => `bench-inventory-${run}-${index}`),
    (name) => docker.createVolume({ Name: name, Labels: labels }),
  );
  await inBatches(
    Array.from({ length: CONTAINERS }, (_, index) => index),
    (index) =>
      docker.createContainer({
        name: `bench-inventory-${run}-${index}`,
        Image: references[index % references.length],
        Cmd: ['/hello.txt'],
        Labels: labels,
        HostConfig: { Binds: [`bench-inventory-${run}-${index}:/data`] },
      }),
  );
}

/** Removes everything labelled for this run, a few at a time; safe to call after a half-made setup. */
async function cleanUp() {
  const filters = { label: [LABEL] };
  const containers = await docker.listContainers({ all: true, filters });
  await inBatches(containers, (c) => docker.getContainer(c.Id).remove({ force: true }));
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await inBatches(volumes, (v) => docker.getVolume(v.Name).remove());
  const images = await docker.listImages({ filters });
  await inBatches(images, (image) => docker.getImage(image.Id).remove({ force: true }));
}

async function openCore() {
  const { core, call } = openBenchCore(join(dir.path, 'core'));
  const node = await addRigNode({ call }, rig, 0, 'bench');
  return { core, call, nodeId: node.id };
}

async function main() {
  const { core, call, nodeId } = await openCore();
  try {
    const setup = await time(async () => populate(await makeImages()));
    await call('inventory:list', { nodeId });
    const list = await call('inventory:list', { nodeId });
    const listMs = await rounds(ROUNDS, () => call('inventory:list', { nodeId }));
    const usageMs = await rounds(3, () => call('inventory:disk-usage', { nodeId }));
    const previewMs = await rounds(3, () => call('inventory:prune-preview', { nodeId }));
    const cliListMs = await rounds(ROUNDS, () =>
      Promise.all([cli('ps', '-a'), cli('images'), cli('volume', 'ls')]),
    );
    const cliDfMs = await rounds(3, () => cli('system', 'df', '-v'));
    console.log(
      `engine: ${list.containers.length} containers, ${list.images.length} images, ${list.volumes.length} volumes, ${list.networks.length} networks (set up in ${ms(setup)})`,
    );
    console.log(`inventory:list over SSH            ${ms(listMs)}  (goal < 1000 ms)`);
    console.log(`docker ps -a + images + volume ls  ${ms(cliListMs)}  (CLI on the local socket, at once)`);
    console.log(`inventory:disk-usage over SSH      ${ms(usageMs)}`);
    console.log(`inventory:prune-preview over SSH   ${ms(previewMs)}`);
    console.log(`docker system df -v                ${ms(cliDfMs)}  (CLI on the local socket)`);
    console.log(
      `list / CLI lists: ${(listMs / cliListMs).toFixed(2)}x; disk usage / CLI df -v: ${(usageMs / cliDfMs).toFixed(2)}x`,
    );
    // Only this run's images are passed back: the engine is shared, and the others are not ours to prune.
    const preview = await call('inventory:prune-preview', { nodeId });
    const imageIds = preview.images
      .filter((image) => image.tags.some((tag) => tag.startsWith(`local/bench-inventory-${run}:`)))
      .map((image) => image.id);
    let removed = 0;
    const pruneMs = await time(async () => {
      removed = (await call('inventory:prune', { nodeId, imageIds })).removed.images.length;
    });
    console.log(`inventory:prune of ${removed} of ${imageIds.length} unused images  ${ms(pruneMs)}`);
  } finally {
    const cleanup = await time(cleanUp);
    console.log(`cleaned up in ${ms(cleanup)}`);
    await core.close();
    dir.remove();
  }
}

await main();
