import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { AppError } from '@shared/result';

/** Every helper container carries this label (valued with its deployment), so a leftover is found and removed. */
export const HELPER_LABEL = 'dev.hoster.backup-helper';
/** Where a helper mounts the volume; a volume's tar holds its files under this name. */
const MOUNT = '/hoster-volume';

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

/**
 * A short-lived container that mounts one volume and is never started: Docker's archive API reads
 * (or writes) the volume through it, so nothing runs and no copy lands on the node's disk. It uses
 * an image the node already has (the service's own); it is removed whatever happens.
 */
export async function withHelper<T>(
  docker: Docker,
  helper: { image: string; volume: string; readOnly: boolean; deploymentId: string },
  use: (container: Docker.Container) => Promise<T>,
): Promise<T> {
  const container = await docker.createContainer({
    name: `hoster-backup-${randomUUID().slice(0, 12)}`,
    Image: helper.image,
    // Never started: any command will do, and the image may have none.
    Entrypoint: ['/hoster-backup-helper'],
    Cmd: [],
    NetworkDisabled: true,
    Labels: { [HELPER_LABEL]: helper.deploymentId },
    HostConfig: { Mounts: [{ Type: 'volume', Source: helper.volume, Target: MOUNT, ReadOnly: helper.readOnly }] },
  });
  let isFailed = false;
  try {
    return await use(container);
  } catch (error) {
    isFailed = true;
    throw error;
  } finally {
    await container.remove({ force: true, v: false }).catch((error: unknown) => {
      // After a failure (a dropped connection, most often) the removal fails too, and its error would hide
      // why the work failed; the helper is then removed by the node's next backup or by recovery.
      if (statusOf(error) !== 404 && !isFailed) throw error;
    });
  }
}

/** Removes the helper containers a killed app left behind for a deployment. Returns how many went. */
export async function removeLeftoverHelpers(docker: Docker, deploymentId: string): Promise<number> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${HELPER_LABEL}=${deploymentId}`] } });
  for (const container of leftovers)
    await docker
      .getContainer(container.Id)
      .remove({ force: true, v: false })
      .catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      });
  return leftovers.length;
}

/** The volume's files as a tar stream, read through the helper (`GET /containers/{id}/archive`). */
export async function readVolume(container: Docker.Container): Promise<Readable> {
  const stream = await container.getArchive({ path: MOUNT });
  if (!(stream instanceof Readable)) throw new Error('Docker answered the archive request without a stream');
  return stream;
}

/** A tar made by `readVolume` written back into an empty volume through the helper. */
export async function writeVolume(container: Docker.Container, tar: Readable): Promise<void> {
  await container.putArchive(tar, { path: '/' });
}

/** The volume made empty again: removed and created anew, with its labels and driver options. */
export async function recreateVolume(
  docker: Docker,
  volume: { dockerName: string; labels: Record<string, string>; driverOpts: Record<string, string> },
): Promise<void> {
  try {
    await docker.getVolume(volume.dockerName).remove();
  } catch (error) {
    if (statusOf(error) === 409)
      throw new AppError('conflict', `The volume ${volume.dockerName} is still used by a container, so it cannot be replaced.`);
    if (statusOf(error) !== 404) throw error;
  }
  await docker.createVolume({ Name: volume.dockerName, Labels: volume.labels, DriverOpts: volume.driverOpts });
}

/**
 * A command's stdout from inside a running container (Docker exec), as a stream that ends only once
 * the command has exited 0; a command that fails errors the stream instead, with its stderr.
 */
export async function execOutput(docker: Docker, containerName: string, argv: readonly string[]): Promise<Readable> {
  const exec = await docker.getContainer(containerName).exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true });
  const raw = await exec.start({ hijack: false, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errorText = '';
  stderr.on('data', (chunk: Buffer) => (errorText = (errorText + chunk.toString('utf8')).slice(-4096)));
  docker.modem.demuxStream(raw, stdout, stderr);
  raw.on('error', (error) => stdout.destroy(error));
  raw.on('end', () => {
    exec.inspect().then(
      (state) => {
        if (state.ExitCode === 0) stdout.end();
        else stdout.destroy(commandFailed(argv, state.ExitCode, errorText));
      },
      (error: unknown) => stdout.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  });
  return stdout;
}

/** Runs a command in a running container with `input` as its stdin (Docker exec, attached); fails unless it exits 0. */
export async function execInput(docker: Docker, containerName: string, argv: readonly string[], input: Readable): Promise<void> {
  const exec = await docker.getContainer(containerName).exec({
    Cmd: [...argv],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const socket = (await exec.start({ hijack: true, stdin: true })) as unknown as NodeJS.ReadWriteStream & Readable;
  let output = '';
  socket.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4096)));
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('close', resolve);
    socket.on('error', reject);
  });
  await pipeline(input, socket as unknown as NodeJS.WritableStream, { end: true });
  await ended;
  const state = await exec.inspect();
  // eslint-disable-next-line no-control-regex -- stream frame headers
  if (state.ExitCode !== 0) throw commandFailed(argv, state.ExitCode, output.replace(/[\x00-\x08]/g, ''));
}

const commandFailed = (argv: readonly string[], code: number | null, text: string) =>
  new AppError('unavailable', `${argv.join(' ')} exited with code ${String(code)}${text.trim() ? `: ${text.trim().split('\n').slice(-3).join('\n')}` : ''}`);
