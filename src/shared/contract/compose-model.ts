import { z } from 'zod';

/**
 * The compose model the deployment engine turns into Docker API calls: what validateTemplate and
 * renderCompose produce from a template's compose file, every field normalized to one form.
 */

const portNumber = z.int().min(1).max(65535);
const protocolSchema = z.enum(['tcp', 'udp']);
const stringMap = z.record(z.string(), z.string());
const resourceSchema = z.object({
  cpus: z.number().positive().nullable(),
  memoryBytes: z.int().positive().nullable(),
});

export const mountSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('volume'),
    source: z.string().nullable(),
    target: z.string(),
    readOnly: z.boolean(),
    noCopy: z.boolean(),
  }),
  z.object({
    type: z.literal('bind'),
    source: z.string(),
    target: z.string(),
    readOnly: z.boolean(),
    propagation: z.string().nullable(),
    selinux: z.enum(['z', 'Z']).nullable(),
    createHostPath: z.boolean(),
  }),
  z.object({
    type: z.literal('tmpfs'),
    target: z.string(),
    sizeBytes: z.int().positive().nullable(),
    mode: z.int().min(0).nullable(),
  }),
]);
export type Mount = z.infer<typeof mountSchema>;

export const healthcheckSchema = z.discriminatedUnion('disabled', [
  z.object({ disabled: z.literal(true) }),
  z.object({
    disabled: z.literal(false),
    /** Docker's form: `['CMD', ...]` or `['CMD-SHELL', script]`; empty keeps the image's own test. */
    test: z.array(z.string()),
    intervalMs: z.int().positive().nullable(),
    timeoutMs: z.int().positive().nullable(),
    retries: z.int().min(0).nullable(),
    startPeriodMs: z.int().min(0).nullable(),
    startIntervalMs: z.int().positive().nullable(),
  }),
]);
export type Healthcheck = z.infer<typeof healthcheckSchema>;

/**
 * A GPU the container asks the node for (compose `deploy.resources.reservations.devices` or `gpus`),
 * as Docker's `HostConfig.DeviceRequests` takes it: `count` -1 is every GPU, null when `deviceIds` name them.
 */
export const gpuRequestSchema = z.object({
  driver: z.string().nullable(),
  count: z.int().min(-1).nullable(),
  deviceIds: z.array(z.string()),
  capabilities: z.array(z.string()),
  options: stringMap,
});
export type GpuRequest = z.infer<typeof gpuRequestSchema>;

export const dependencyConditions = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
] as const;

export const normalizedServiceSchema = z.object({
  name: z.string(),
  image: z.string(),
  command: z.array(z.string()).nullable(),
  entrypoint: z.array(z.string()).nullable(),
  environment: stringMap,
  ports: z.array(
    z.object({
      target: portNumber,
      published: portNumber.nullable(),
      protocol: protocolSchema,
      hostIp: z.string().nullable(),
    }),
  ),
  expose: z.array(z.object({ port: portNumber, protocol: protocolSchema })),
  mounts: z.array(mountSchema),
  tmpfs: z.array(z.object({ target: z.string(), options: z.string() })),
  dependsOn: z.array(z.object({ service: z.string(), condition: z.enum(dependencyConditions) })),
  healthcheck: healthcheckSchema.nullable(),
  restart: z.object({
    policy: z.enum(['no', 'always', 'on-failure', 'unless-stopped']),
    maxRetries: z.int().min(0).nullable(),
  }),
  limits: resourceSchema,
  reservations: resourceSchema,
  user: z.string().nullable(),
  workingDir: z.string().nullable(),
  hostname: z.string().nullable(),
  ulimits: z.array(z.object({ name: z.string(), soft: z.int(), hard: z.int() })),
  extraHosts: z.array(z.object({ host: z.string(), address: z.string() })),
  labels: stringMap,
  capAdd: z.array(z.string()),
  capDrop: z.array(z.string()),
  privileged: z.boolean(),
  devices: z.array(z.object({ host: z.string(), container: z.string(), permissions: z.string() })),
  gpus: z.array(gpuRequestSchema),
  /** The OCI runtime (`runtime: nvidia`); null is the engine's default. */
  runtime: z.string().nullable(),
  securityOpt: z.array(z.string()),
  /** `none`, `host`, `bridge` or `service:<name>`; null means the deployment's networks. */
  networkMode: z.string().nullable(),
  /** Compose network names; `default` is the deployment's own network. Empty when networkMode is set. */
  networks: z.array(z.object({ name: z.string(), aliases: z.array(z.string()) })),
  pid: z.string().nullable(),
  ipc: z.string().nullable(),
  stopGracePeriodMs: z.int().min(0).nullable(),
  stopSignal: z.string().nullable(),
  init: z.boolean().nullable(),
  readOnly: z.boolean(),
  shmSizeBytes: z.int().positive().nullable(),
  sysctls: stringMap,
  logging: z.object({ driver: z.enum(['json-file', 'local']), options: stringMap }).nullable(),
  tty: z.boolean(),
  stdinOpen: z.boolean(),
});
export type NormalizedService = z.infer<typeof normalizedServiceSchema>;

export const normalizedVolumeSchema = z.object({
  name: z.string(),
  /** An existing volume on the node, used by `externalName` and never created or removed. */
  external: z.boolean(),
  externalName: z.string().nullable(),
  driverOpts: stringMap,
  labels: stringMap,
});
export type NormalizedVolume = z.infer<typeof normalizedVolumeSchema>;

export const normalizedNetworkSchema = z.object({
  name: z.string(),
  internal: z.boolean(),
  labels: stringMap,
});
export type NormalizedNetwork = z.infer<typeof normalizedNetworkSchema>;

/** Services in file order; the deployment engine orders them by dependsOn. */
export const normalizedComposeSchema = z.object({
  services: z.array(normalizedServiceSchema),
  volumes: z.array(normalizedVolumeSchema),
  networks: z.array(normalizedNetworkSchema),
});
export type NormalizedCompose = z.infer<typeof normalizedComposeSchema>;

/**
 * One thing a plan hands a container of the node (a host folder, a capability, a host namespace…).
 * `key` is stable across revisions: the user says yes to keys, and only a key not yet accepted needs
 * a new yes. `service` is null for a top-level volume; `field` reads like `services.web.volumes[0]`.
 */
export const policyFindingSchema = z.object({
  key: z.string(),
  rule: z.string(),
  service: z.string().nullable(),
  field: z.string(),
  message: z.string(),
});
export type PolicyFinding = z.infer<typeof policyFindingSchema>;
