import { AppError } from '@shared/result';

/** Docker Hub's name in image references, and the address Docker's own clients log in to. */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_AUTH_ADDRESS = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com', 'registry.hub.docker.com']);

/**
 * The registry an image comes from, by Docker's own rule: the part before the first `/` is a
 * registry when it has a `.` or a `:`, is `localhost`, or has capitals; anything else is Docker Hub.
 * `nginx`, `library/nginx` → docker.io; `ghcr.io/org/app:1` → ghcr.io; `127.0.0.1:5000/x` → 127.0.0.1:5000.
 */
export function registryOfImage(image: string): string {
  const slash = image.indexOf('/');
  if (slash === -1) return DOCKER_HUB;
  const first = image.slice(0, slash);
  const isRegistry = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
  if (!isRegistry) return DOCKER_HUB;
  const host = first.toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;

/**
 * What a user types for a registry (`https://ghcr.io/`, `Registry.Example.com:5000/v2/`, `hub.docker.com`)
 * as the host an image reference would name. Refuses anything that is not a host with an optional port.
 */
export function normalizeRegistryHost(input: string): string {
  const host = input
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  const port = /:(\d+)$/.exec(host)?.[1];
  if (!HOST_PATTERN.test(host) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new AppError(
      'invalid_input',
      `"${input.trim()}" is not a registry address. Type it as it appears before the first "/" of an image, e.g. ghcr.io or registry.example.com:5000.`,
      { field: 'host' },
    );
  }
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** The `serveraddress` Docker expects with credentials for a registry host. */
export const authAddressOf = (host: string): string => (host === DOCKER_HUB ? DOCKER_HUB_AUTH_ADDRESS : host);
