import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { BackupItem, BackupRun } from '@shared/contract/backups';
import { AppError, isAppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { execOutput, readVolume, withHelper } from './node-streams';
import type { DataTarget } from './ports';
import type { Repository } from './repository';
import { meter } from './transfer';

/** restic's host for a deployment's snapshots: retention and listings go by it. */
export const hostOf = (deploymentId: string) => `hoster-${deploymentId}`;
export const runTag = (runId: string) => `run:${runId}`;
/** The file name a stream is kept under in its snapshot. */
export const fileOf = (item: Pick<BackupItem, 'kind' | 'service' | 'volume'>) =>
  item.kind === 'dump' ? `dump-${item.service}` : `volume-${item.volume ?? ''}.tar`;

export interface DumpSource {
  service: string;
  containerName: string;
  dump: string[];
}

export interface VolumeSource {
  service: string;
  image: string;
  volume: DataTarget['volumes'][number];
}

/**
 * What a backup takes: a dump of each service whose template declares one (when the deployment runs,
 * since a dump needs its database up), and the files of every volume not held only by such a service.
 */
export function sourcesOf(target: DataTarget, isUp: boolean): { dumps: DumpSource[]; volumes: VolumeSource[] } {
  const dumps = isUp
    ? target.backupCommands.flatMap((command) => {
        const service = target.services.find((s) => s.service === command.service);
        return service ? [{ service: service.service, containerName: service.containerName, dump: command.dump }] : [];
      })
    : [];
  const dumped = new Set(dumps.map((dump) => dump.service));
  const volumes = target.volumes.flatMap((volume) => {
    const users = target.services.filter((service) => service.volumes.includes(volume.name));
    if (users.length > 0 && users.every((service) => dumped.has(service.service))) return [];
    const owner = users[0] ?? target.services[0];
    return owner ? [{ service: owner.service, image: owner.image, volume }] : [];
  });
  return { dumps, volumes };
}

interface StreamJob {
  repository: Repository;
  job: JobContext;
  docker: Docker;
  target: DataTarget;
  run: Pick<BackupRun, 'id'>;
  part: { index: number; count: number };
}

/** One stream into `restic backup --stdin`, tagged so retention, listings and clean-up find it. */
async function backupStream(
  context: StreamJob,
  item: Pick<BackupItem, 'kind' | 'service' | 'volume'>,
  open: () => Promise<Readable>,
): Promise<BackupItem> {
  const { target, job } = context;
  const what = item.kind === 'dump' ? `a dump of ${item.service}` : `volume ${item.volume ?? ''}`;
  const step = `Backing up ${what} (${String(context.part.index + 1)} of ${String(context.part.count)})`;
  const counted = meter(job, step, context.part, { isTar: item.kind === 'volume' });
  const tags = [
    `deployment:${target.id}`,
    `service:${item.service}`,
    `kind:${item.kind}`,
    `version:${target.templateVersion}`,
    runTag(context.run.id),
    ...(item.volume ? [`volume:${item.volume}`] : []),
  ];
  let summary: { snapshot_id?: string; data_added?: number } = {};
  await context.repository.run(
    ['backup', '--json', '--stdin', '--stdin-filename', fileOf(item), '--host', hostOf(target.id), ...tags.flatMap((tag) => ['--tag', tag])],
    {
      stdin: counted.through(await open()),
      signal: job.signal,
      onMessage: (message) => {
        if (message.message_type === 'summary') summary = message;
      },
    },
  ).catch((error: unknown) => {
    // restic's own failures are worded already; anything else broke the stream from the node.
    throw isAppError(error) ? error : streamBroke(what, error);
  });
  if (!summary.snapshot_id) throw new AppError('unavailable', `restic did not report a snapshot for ${what}.`);
  return { ...item, snapshotId: summary.snapshot_id, bytes: counted.bytes(), addedBytes: summary.data_added ?? 0 };
}

/** Dumps each database through Docker exec into the repository; the command must exit 0 or nothing is kept. */
export async function backupDumps(context: Omit<StreamJob, 'part'>, dumps: readonly DumpSource[], offset: { index: number; count: number }) {
  const items: BackupItem[] = [];
  for (const [index, dump] of dumps.entries())
    items.push(
      await backupStream(
        { ...context, part: { index: offset.index + index, count: offset.count } },
        { kind: 'dump', service: dump.service, volume: null },
        () => execOutput(context.docker, dump.containerName, dump.dump),
      ).catch((error: unknown) => {
        throw explainDump(dump.service, error);
      }),
    );
  return items;
}

/** Copies each volume's files (a tar read through a helper container that mounts it read-only) into the repository. */
export async function backupVolumes(context: Omit<StreamJob, 'part'>, volumes: readonly VolumeSource[], offset: { index: number; count: number }) {
  const items: BackupItem[] = [];
  for (const [index, source] of volumes.entries()) {
    const item = await withHelper(
      context.docker,
      { image: source.image, volume: source.volume.dockerName, readOnly: true, deploymentId: context.target.id },
      (helper) =>
        backupStream(
          { ...context, part: { index: offset.index + index, count: offset.count } },
          { kind: 'volume', service: source.service, volume: source.volume.name },
          () => readVolume(helper),
        ),
    );
    items.push(item);
  }
  return items;
}

const streamBroke = (what: string, error: unknown) =>
  new AppError(
    'unavailable',
    `The stream of ${what} from the node broke off (${error instanceof Error ? error.message : String(error)}); the connection to the node may have dropped. Nothing of this backup was kept.`,
  );

const explainDump = (service: string, error: unknown) =>
  isAppError(error) && error.code === 'cancelled'
    ? error
    : new AppError('unavailable', `The dump of ${service} failed: ${error instanceof Error ? error.message : String(error)}`);
