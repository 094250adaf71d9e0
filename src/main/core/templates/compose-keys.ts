/** Service keys the deployment engine carries out. */
export const SUPPORTED_SERVICE_KEYS = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'ports',
  'expose',
  'volumes',
  'tmpfs',
  'depends_on',
  'healthcheck',
  'restart',
  'deploy',
  'mem_limit',
  'cpus',
  'user',
  'working_dir',
  'ulimits',
  'extra_hosts',
  'labels',
  'hostname',
  'cap_add',
  'cap_drop',
  'privileged',
  'devices',
  'gpus',
  'runtime',
  'security_opt',
  'network_mode',
  'networks',
  'pid',
  'ipc',
  'stop_grace_period',
  'stop_signal',
  'init',
  'read_only',
  'shm_size',
  'sysctls',
  'logging',
  'tty',
  'stdin_open',
]);

const FIXED_ADDRESS =
  "Fixed container addresses are not supported: the deployments on a node share its address space, so two could collide. Reach the service by its name instead (every container is aliased by its service name on the deployment's network).";

/** Why a compose key is refused, where a better reason than "not supported" helps the author. */
export const UNSUPPORTED_REASONS: Record<string, string> = {
  build: 'Hoster deploys images and never builds them; push the image to a registry and name it in image.',
  env_file:
    'env files do not travel with a template; declare variables in the manifest and use ${NAME} in environment.',
  extends: 'extends is not supported; write the service out in full.',
  profiles: 'profiles are not supported; every service of a template is deployed.',
  secrets: "compose secrets are not supported; use the manifest's generated secrets or config_files.",
  configs: "compose configs are not supported; use the manifest's config_files.",
  include: 'include is not supported; a template is one compose file.',
  container_name:
    'Hoster names containers per deployment so a template can be deployed more than once on a node.',
  links: "services reach each other by service name on the deployment's network; links are not needed.",
  external_links: 'a deployment cannot link to containers outside it.',
  volumes_from: 'volumes_from is not supported; share a named volume instead.',
  scale: 'every service runs one container.',
  platform: "the node's own platform is used.",
  pull_policy: 'Hoster pulls an image when the node does not have it.',
  ipv4_address: FIXED_ADDRESS,
  ipv6_address: FIXED_ADDRESS,
};

export const unsupportedReason = (key: string): string =>
  (Object.hasOwn(UNSUPPORTED_REASONS, key) ? UNSUPPORTED_REASONS[key] : undefined) ??
  `${key} is not supported by Hoster's deployment engine.`;

export const TOP_LEVEL_KEYS = new Set(['services', 'volumes', 'networks']);
export const IGNORED_TOP_LEVEL_KEYS = new Set(['version', 'name']);
