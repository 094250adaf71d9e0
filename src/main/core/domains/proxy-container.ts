import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import { statusOf, type EngineContext } from '../docker/engine-context';
import { engineReason } from '../docker/engine-reason';
import { imageDigests, pullImages, pullMissingImages } from '../docker/images';
import { demuxLogs } from '../docker/streams';
import { tarFiles } from '../docker/tar';
import { ADMIN_ADDRESS, CONFIG_PATH, TRUSTED_ROOT_PATH } from './caddy-config';

export const PROXY_CONTAINER = 'hoster-proxy';
/** Certificates and ACME accounts: kept when the container is replaced, so nothing is issued twice. */
export const PROXY_VOLUME = 'hoster-proxy-data';
const SYSTEM_LABEL = 'dev.hoster.system';
/** How long a starting proxy may take to say it serves its config, and how often that is asked. */
const STARTUP_MS = 10_000;
const STARTUP_POLL_MS = 150;

export interface ProxyFiles {
  config: string;
  /** PEM of the ACME directory's private CA, or '' for a public CA. */
  trustedRoot: string;
}

const filesOf = ({ config, trustedRoot }: ProxyFiles) => [
  { path: CONFIG_PATH, content: config, mode: 0o644 },
  ...(trustedRoot ? [{ path: TRUSTED_ROOT_PATH, content: trustedRoot, mode: 0o644 }] : []),
];

/** The node's proxy container as the engine lists it, or null. */
export async function findProxy(docker: Docker): Promise<Docker.ContainerInfo | null> {
  const found = await docker.listContainers({ all: true, filters: { name: [`^/${PROXY_CONTAINER}$`] } });
  return found[0] ?? null;
}

/** Runs a command in the proxy and returns what it printed; a non-zero exit is an error with that text. */
async function execIn(docker: Docker, command: string[], env: string[] = []): Promise<string> {
  const exec = await docker
    .getContainer(PROXY_CONTAINER)
    .exec({ Cmd: command, Env: env, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: false, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', resolve);
    stream.once('error', reject);
  });
  const text = demuxLogs(Buffer.concat(chunks))
    .map((line) => line.text)
    .join('\n');
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new AppError('unavailable', `The proxy refused its new routes: ${text || `exit ${String(ExitCode)}`}`);
  return text;
}

/** What Caddy says it is ("v2.6.2"), for the node page. */
export const proxyVersion = async (docker: Docker): Promise<string> =>
  (await execIn(docker, ['caddy', 'version'])).split(/\s+/)[0] ?? 'unknown';

/**
 * The bcrypt hash of a password, made by the proxy's own `caddy hash-password`. The password reaches
 * it in the exec's environment and on its stdin, never on a command line the node's users could read.
 */
export async function hashPassword(docker: Docker, password: string): Promise<string> {
  const printed = await execIn(docker, ['sh', '-c', 'printf "%s\\n" "$PASSWORD" | caddy hash-password'], [`PASSWORD=${password}`]);
  const hash = printed.split('\n').find((line) => line.startsWith('$2'));
  if (!hash) throw new AppError('unavailable', 'The proxy did not hash the password.');
  return hash.trim();
}

/** Hands the proxy its routes: the files written into it, then a reload through its admin socket (no downtime). */
export async function pushConfig(docker: Docker, files: ProxyFiles): Promise<void> {
  await docker.getContainer(PROXY_CONTAINER).putArchive(tarFiles(filesOf(files), new Date()), { path: '/' });
  await execIn(docker, ['caddy', 'reload', '--config', CONFIG_PATH, '--address', ADMIN_ADDRESS, '--force']);
}

/** The proxy's last log lines, for saying why it stopped or why a certificate failed. */
export async function proxyLogs(docker: Docker, lines = 40): Promise<string[]> {
  const buffer = await docker
    .getContainer(PROXY_CONTAINER)
    .logs({ stdout: true, stderr: true, tail: lines, follow: false });
  return demuxLogs(buffer).map((line) => line.text);
}

async function ensureVolume(docker: Docker): Promise<void> {
  try {
    await docker.getVolume(PROXY_VOLUME).inspect();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    await docker.createVolume({ Name: PROXY_VOLUME, Labels: { [SYSTEM_LABEL]: 'proxy' } });
  }
}

/** Why the proxy stopped at once, from its log: ports 80/443 held by another program are named. */
function startFailure(logs: string[], holders: string): AppError {
  const bind = logs.find((line) => /address already in use/.test(line));
  if (bind)
    return new AppError(
      'conflict',
      `Ports 80 and 443 on the node must be free for the proxy, but ${holders || 'another program'} holds them. Stop it (or move it to other ports) and add the domain again.`,
    );
  return new AppError('unavailable', `The proxy stopped as it started: ${logs.slice(-5).join(' / ') || 'no log'}`);
}

/**
 * Waits until the proxy says it serves its configuration (its ports bound); one that stops, restarts
 * or stays silent for STARTUP_MS fails with `failure()`.
 */
async function untilServing(docker: Docker, container: Docker.Container, failure: () => Promise<AppError>) {
  for (const deadline = Date.now() + STARTUP_MS; Date.now() < deadline; ) {
    const state = (await container.inspect()).State;
    if (!state.Running || state.Restarting) throw await failure();
    if ((await proxyLogs(docker, 20)).some((line) => line.includes('serving initial configuration'))) return;
    await new Promise((resolve) => setTimeout(resolve, STARTUP_POLL_MS));
  }
  throw await failure();
}

/**
 * Puts the proxy on the node: the image pulled (and pinned by digest), its certificate volume, a
 * container on the host's network with its files, started and given a moment to bind its ports. A
 * proxy that will not stay up is removed again, with the reason. Returns the pinned image.
 */
export async function installProxy(
  docker: Docker,
  image: string,
  files: ProxyFiles,
  context: EngineContext & { portHolders: () => Promise<string>; pullAgain?: boolean },
): Promise<string> {
  // An upgrade asks the registry again: the tag may point at a newer image than the one present.
  await (context.pullAgain ? pullImages : pullMissingImages)(docker, [image], context);
  const pinned = (await imageDigests(docker, [image]))[image] ?? image;
  context.step('Creating the proxy');
  await ensureVolume(docker);
  const existing = await findProxy(docker);
  if (existing) await docker.getContainer(existing.Id).remove({ force: true });
  const container = await docker.createContainer({
    name: PROXY_CONTAINER,
    Image: pinned.includes('@') ? pinned : image,
    Cmd: ['caddy', 'run', '--config', CONFIG_PATH],
    Env: ['XDG_DATA_HOME=/data', 'XDG_CONFIG_HOME=/data/config', 'HOME=/data'],
    Labels: { [SYSTEM_LABEL]: 'proxy' },
    HostConfig: {
      NetworkMode: 'host',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      Mounts: [{ Type: 'volume', Source: PROXY_VOLUME, Target: '/data' }],
    },
  });
  try {
    await container.putArchive(tarFiles(filesOf(files), new Date()), { path: '/' });
    context.step('Starting the proxy');
    await container.start();
    await untilServing(docker, container, async () => startFailure(await proxyLogs(docker), await context.portHolders()));
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error instanceof AppError ? error : new AppError('unavailable', `The proxy could not start: ${engineReason(error)}`);
  }
  return pinned;
}

/** Takes the proxy off the node; its certificates stay in their volume for the next one. */
export async function removeProxy(docker: Docker): Promise<void> {
  const existing = await findProxy(docker);
  if (existing) await docker.getContainer(existing.Id).remove({ force: true });
}
