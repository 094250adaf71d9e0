import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { BackupItem, BackupRun } from '@shared/contract/backups';
import { AppError } from '@shared/result';
import { backupWork, isUp, targetOrFail } from './backup-operation';
import { attachJob, beginRun, endRun, jobEnd, type BackupDeps } from './backup-runs';
import { fileOf } from './backup-work';
import { execInput, recreateVolume, writeVolume, withHelper } from './node-streams';
import type { DataContext } from './ports';
import { formatBytes, meter } from './transfer';

export function succeededRun(deps: BackupDeps, runId: string): BackupRun {
  const run = deps.store.run(runId);
  if (!run) throw new AppError('not_found', 'That backup is not in the history any more.');
  if (run.status !== 'succeeded') throw new AppError('conflict', 'Only a backup that succeeded can be restored.');
  return run;
}

/** A snapshot's one file, streamed out of the repository (`restic dump`). */
function snapshotStream(deps: BackupDeps, item: BackupItem, signal: AbortSignal): { stream: Readable; done: Promise<unknown> } {
  const stream = new PassThrough();
  const done = deps.repository.run(['dump', item.snapshotId, `/${fileOf(item)}`], { stdout: stream, signal }).then(
    () => stream.end(),
    (error: unknown) => {
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    },
  );
  return { stream, done };
}

/** Room for the data on the node, checked before anything stops: what the backup holds, plus a tenth. */
export async function requireRoom(deps: BackupDeps, nodeId: string, run: BackupRun): Promise<void> {
  const docker = await deps.ports.connections.docker(nodeId);
  const root = ((await docker.info()) as { DockerRootDir?: string }).DockerRootDir ?? '/var/lib/docker';
  const { freeBytes } = await deps.ports.connections.diskSpace(nodeId, root);
  const needed = Math.ceil(run.bytes * 1.1);
  if (freeBytes < needed)
    throw new AppError(
      'unavailable',
      `The node has ${formatBytes(freeBytes)} free where Docker keeps its data (${root}); this backup needs about ${formatBytes(needed)}. Free some space on it, then restore again. Nothing was changed.`,
    );
}

async function restoreVolume(deps: BackupDeps, context: DataContext, item: BackupItem, part: { index: number; count: number }) {
  const { docker, target, job } = context;
  const volume = target.volumes.find((v) => v.name === item.volume);
  const owner = target.services.find((s) => s.volumes.includes(item.volume ?? '')) ?? target.services[0];
  if (!volume || !owner) return job.progress({ step: `Skipping volume ${item.volume ?? ''}: this version of the app has no such volume` });
  await recreateVolume(docker, volume);
  const counted = meter(job, `Restoring volume ${volume.name} (${String(part.index + 1)} of ${String(part.count)})`, part);
  const source = snapshotStream(deps, item, job.signal);
  await withHelper(docker, { image: owner.image, volume: volume.dockerName, readOnly: false, deploymentId: target.id }, (helper) =>
    Promise.all([writeVolume(helper, counted.through(source.stream)), source.done]),
  );
}

async function restoreDump(deps: BackupDeps, context: DataContext, item: BackupItem, docker: Docker) {
  const { target, job } = context;
  const command = target.backupCommands.find((c) => c.service === item.service);
  const service = target.services.find((s) => s.service === item.service);
  if (!command || !service) throw new AppError('conflict', `This version of the app declares no restore command for ${item.service}.`);
  job.progress({ step: `Restoring the dump of ${item.service}` });
  const source = snapshotStream(deps, item, job.signal);
  await Promise.all([execInput(docker, service.containerName, command.restore, source.stream), source.done]);
}

/**
 * A backup's data put into a deployment, as a job on it: what it holds now backed up first (unless it
 * is a fresh copy), then it stops, its volumes are replaced by the backup's, it starts, and the
 * backup's dumps are restored into its running databases.
 */
export async function startRestore(deps: BackupDeps, runId: string, into: { deploymentId?: string; keepCurrent: boolean }) {
  const source = succeededRun(deps, runId);
  const target = await targetOrFail(deps, into.deploymentId ?? source.deploymentId);
  await deps.repository.ensureReady();
  await requireRoom(deps, target.nodeId, source);
  const previous = into.keepCurrent ? beginRun(deps, target, 'before-restore', 'stopped') : null;
  const keep = previous ? backupWork(deps, previous, target, 'stopped') : null;
  const volumes = source.items.filter((item) => item.kind === 'volume');
  const dumps = source.items.filter((item) => item.kind === 'dump');
  const { jobId } = deps.ports.deployments.run(
    target.id,
    { kind: 'restore', hold: 'replace', startAfter: true, startFirst: [...new Set(dumps.map((item) => item.service))] },
    {
      before: async (context) => {
        if (keep && isUp(context.target)) await keep.before(context);
      },
      offline: async (context) => {
        if (keep && previous) {
          await (keep.offline ?? keep.before)(context);
          await endRun(deps, previous.id, { items: keep.items });
        }
        for (const [index, item] of volumes.entries()) await restoreVolume(deps, context, item, { index, count: volumes.length });
      },
      online: async (context) => {
        for (const item of dumps) await restoreDump(deps, context, item, context.docker);
      },
    },
  );
  if (previous) {
    attachJob(deps, previous.id, jobId);
    deps.track(
      jobEnd(deps.context, jobId).then(async (job) => {
        if (deps.store.run(previous.id)?.status === 'running')
          await endRun(deps, previous.id, { status: 'failed', error: job.error?.message ?? `The restore was ${job.status}.` });
      }),
    );
  }
  return { jobId };
}

/**
 * "Move to node…": the backup's template version deployed on another node with the same settings and
 * secrets, the backup restored into it, and it checked to be running; the old one stays for the user
 * to delete. One job for the whole move; its steps are the copy's deploy and restore jobs.
 */
export async function startMove(deps: BackupDeps, runId: string, to: { nodeId: string; name?: string | undefined }) {
  const source = succeededRun(deps, runId);
  const node = deps.ports.nodes.get(to.nodeId);
  if (!node) throw new AppError('not_found', 'That node is not in your fleet.', { field: 'nodeId' });
  await deps.repository.ensureReady();
  await requireRoom(deps, to.nodeId, source);
  const copy = await deps.ports.deployments.copy(source.deploymentId, {
    nodeId: to.nodeId,
    name: to.name ?? source.deploymentName,
    version: source.templateVersion,
  });
  const job = deps.context.jobs.start('backups:move', source.deploymentId, async (job) => {
    job.progress({ step: `Deploying ${source.deploymentName} on ${node.name}`, fraction: 0.1 });
    const deployed = await jobEnd(deps.context, copy.jobId);
    if (deployed.status !== 'succeeded')
      throw new AppError('unavailable', `The copy on ${node.name} did not come up: ${deployed.error?.message ?? deployed.status}`);
    job.progress({ step: `Restoring the backup on ${node.name}`, fraction: 0.5 });
    const restored = await jobEnd(deps.context, (await startRestore(deps, runId, { deploymentId: copy.deploymentId, keepCurrent: false })).jobId);
    if (restored.status !== 'succeeded')
      throw new AppError('unavailable', `The backup could not be restored on ${node.name}: ${restored.error?.message ?? restored.status}`);
    const after = await targetOrFail(deps, copy.deploymentId);
    if (!isUp(after)) throw new AppError('unavailable', `The copy on ${node.name} is ${after.status} after the restore.`);
    job.progress({ step: `Running on ${node.name}; delete the old one when you are satisfied`, fraction: 1 });
  });
  return { jobId: job.id, deploymentId: copy.deploymentId };
}

/** One volume of a backup written as a tar file on this computer (the exports folder unless a path is given). */
export async function exportVolume(deps: BackupDeps, input: { runId: string; service: string; volume: string; path?: string | undefined }) {
  const run = succeededRun(deps, input.runId);
  const item = run.items.find((i) => i.kind === 'volume' && i.volume === input.volume && i.service === input.service);
  if (!item) throw new AppError('not_found', `This backup holds no volume ${input.volume} of ${input.service}.`);
  const stamp = run.startedAt.slice(0, 19).replace(/[:T]/g, '-');
  const path = input.path ?? join(deps.context.dataDir, 'exports', `${run.deploymentName}-${input.volume}-${stamp}.tar`);
  await mkdir(dirname(path), { recursive: true });
  const file = createWriteStream(path);
  try {
    await deps.repository.run(['dump', item.snapshotId, `/${fileOf(item)}`], { stdout: file });
  } finally {
    await new Promise((resolve) => file.end(resolve));
  }
  return { path, bytes: (await stat(path)).size };
}
