import type { DockerProbe, DockerSocketSource } from '@shared/contract/nodes';
import { AppError } from '@shared/result';

/** The socket a node gets when the user leaves the field alone: the engine is then looked for. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** A socket the user typed is used as given; an empty or default one means "find the engine". */
export const isSocketLeftToFind = (socket: string) => socket === '' || socket === DEFAULT_DOCKER_SOCKET;

/** What the node's login shell says about where its engine may be. */
export interface ProbeEnvironment {
  dockerHost: string;
  runtimeDir: string;
  uid: string;
}

const MARKER = 'hoster-probe';

/**
 * One command, run through a login shell so DOCKER_HOST from the user's profile counts too. Each
 * value sits on its own marked line, so a chatty profile printing banners cannot be mistaken for one.
 */
export const probeEnvironmentCommand = `sh -lc 'printf "${MARKER}:%s\\n" "$DOCKER_HOST" "$XDG_RUNTIME_DIR" "$(id -u)"'`;

export function parseProbeEnvironment(stdout: string): ProbeEnvironment {
  const values = stdout
    .split('\n')
    .filter((line) => line.startsWith(`${MARKER}:`))
    .map((line) => line.slice(MARKER.length + 1).trim());
  return { dockerHost: values[0] ?? '', runtimeDir: values[1] ?? '', uid: values[2] ?? '' };
}

export interface SocketCandidate {
  path: string;
  source: DockerSocketSource;
}

/** Where to look, in order: DOCKER_HOST (unix:// only), the usual socket, rootless Docker, Podman. */
export function socketCandidates(env: ProbeEnvironment): SocketCandidate[] {
  const fromHost = /^unix:\/\/(\/.+)$/.exec(env.dockerHost)?.[1];
  const userRuntime = /^\d+$/.test(env.uid) ? `/run/user/${env.uid}` : null;
  const runtimeDir = env.runtimeDir.startsWith('/') ? env.runtimeDir.replace(/\/+$/, '') : userRuntime;
  const all: (SocketCandidate | null)[] = [
    fromHost ? { path: fromHost, source: 'DOCKER_HOST' } : null,
    { path: DEFAULT_DOCKER_SOCKET, source: 'default' },
    runtimeDir ? { path: `${runtimeDir}/docker.sock`, source: 'rootless' } : null,
    { path: '/run/podman/podman.sock', source: 'podman' },
    userRuntime ? { path: `${userRuntime}/podman/podman.sock`, source: 'podman-rootless' } : null,
  ];
  const seen = new Set<string>();
  return all.filter((candidate): candidate is SocketCandidate => {
    if (!candidate || seen.has(candidate.path)) return false;
    seen.add(candidate.path);
    return true;
  });
}

const sourceLabels: Record<DockerSocketSource, string> = {
  DOCKER_HOST: 'DOCKER_HOST',
  default: 'the usual place',
  rootless: 'rootless',
  podman: 'Podman',
  'podman-rootless': 'Podman, rootless',
};

export const describeSocket = (candidate: SocketCandidate) =>
  `${candidate.path} (${sourceLabels[candidate.source]})`;

/** The first candidate, in order, whose engine answered; and a sentence saying which, or what was tried. */
export function chooseSocket(
  candidates: SocketCandidate[],
  answered: ReadonlySet<string>,
  env: Pick<ProbeEnvironment, 'dockerHost'>,
): DockerProbe {
  const chosen = candidates.find((candidate) => answered.has(candidate.path)) ?? null;
  const tried = candidates.map((candidate) => ({ ...candidate, isAnswering: answered.has(candidate.path) }));
  if (chosen) return { chosen, tried, message: `Docker found at ${describeSocket(chosen)}` };
  const skipped =
    env.dockerHost && !env.dockerHost.startsWith('unix://')
      ? ` DOCKER_HOST is ${env.dockerHost}, not a unix socket, so it was not tried.`
      : '';
  return {
    chosen: null,
    tried,
    message:
      `No Docker engine answered. Tried ${candidates.map(describeSocket).join(', ')}.${skipped} ` +
      'Start Docker (or Podman’s socket) on the node, or type its socket path in the node’s settings. ' +
      'A server without Docker: “Prepare this server…” on the node’s page installs it.',
  };
}

/** The error a node's test carries when no candidate answered. */
export const probeFailure = (probe: DockerProbe, nodeName: string) =>
  new AppError('docker_unavailable', `${nodeName}: ${probe.message}`);
