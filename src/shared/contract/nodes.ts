import { z } from 'zod';
import { appErrorDataSchema } from '../result';
import { deploymentStatusSchema } from './deployment-model';
import { method } from './define';

export const nodeStatusSchema = z.enum(['unknown', 'online', 'degraded', 'offline', 'maintenance']);
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

export const nodeResourcesSchema = z.object({
  dockerVersion: z.string(),
  apiVersion: z.string(),
  os: z.string(),
  kernel: z.string(),
  cpus: z.number().int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  dockerRootDir: z.string(),
  diskFreeBytes: z.number().nonnegative().nullable(),
  diskTotalBytes: z.number().nonnegative().nullable(),
  containersRunning: z.number().int().nonnegative(),
});
export type NodeResources = z.infer<typeof nodeResourcesSchema>;

export const nodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `local` is "This computer": Docker on the local socket, no SSH. */
  kind: z.enum(['ssh', 'local']),
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  auth: z.enum(['key', 'agent']),
  keyId: z.string().nullable(),
  jumpNodeId: z.string().nullable(),
  dockerSocket: z.string(),
  tags: z.array(z.string()),
  monthlyCostCents: z.number().int().nonnegative(),
  /** The pinned host key, `SHA256:…`; null until the user trusts one. */
  hostKeyFingerprint: z.string().nullable(),
  isMaintenance: z.boolean(),
  status: nodeStatusSchema,
  lastSeenAt: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  lastError: appErrorDataSchema.nullable(),
  resources: nodeResourcesSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set while a node known from an earlier run has not been checked since the app started: "connecting…". */
  isConnecting: z.literal(true).optional(),
});
export type Node = z.infer<typeof nodeSchema>;

export const testStepSchema = z.object({
  name: z.enum(['reach', 'hostKey', 'auth', 'docker', 'disk']),
  label: z.string(),
  status: z.enum(['ok', 'failed', 'skipped']),
  detail: z.string().optional(),
});
export type TestStep = z.infer<typeof testStepSchema>;

export const dockerSocketSourceSchema = z.enum([
  'DOCKER_HOST',
  'default',
  'rootless',
  'podman',
  'podman-rootless',
]);
export type DockerSocketSource = z.infer<typeof dockerSocketSourceSchema>;

const socketCandidateSchema = z.object({ path: z.string(), source: dockerSocketSourceSchema });

/** Where the engine was looked for when the node's socket was left to find, and which one answered. */
export const dockerProbeSchema = z.object({
  chosen: socketCandidateSchema.nullable(),
  tried: z.array(socketCandidateSchema.extend({ isAnswering: z.boolean() })),
  /** "Docker found at /run/user/1000/docker.sock (rootless)", or what was tried. */
  message: z.string(),
});
export type DockerProbe = z.infer<typeof dockerProbeSchema>;

export const nodeTestSchema = z.object({
  nodeId: z.string(),
  isOk: z.boolean(),
  status: nodeStatusSchema,
  checkedAt: z.string(),
  latencyMs: z.number().nonnegative().nullable(),
  steps: z.array(testStepSchema),
  resources: nodeResourcesSchema.nullable(),
  error: appErrorDataSchema.nullable(),
  /** Set when this test looked for the engine (a node added or tested with its socket left to find). */
  dockerProbe: dockerProbeSchema.nullable(),
});
export type NodeTest = z.infer<typeof nodeTestSchema>;

export const nodeEventSchema = z.object({
  id: z.number().int(),
  nodeId: z.string(),
  at: z.string(),
  from: nodeStatusSchema.nullable(),
  to: nodeStatusSchema,
  message: z.string().nullable(),
});
export type NodeEvent = z.infer<typeof nodeEventSchema>;

export const hostKeyScanSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  fingerprint: z.string(),
  algorithm: z.string(),
});
export type HostKeyScan = z.infer<typeof hostKeyScanSchema>;

/** A deployment on a node, as the node's page lists it and its removal names it. */
export const nodeDeploymentSchema = z.object({
  id: z.string(),
  name: z.string(),
  templateName: z.string(),
  status: deploymentStatusSchema,
});
export type NodeDeployment = z.infer<typeof nodeDeploymentSchema>;

export const sshConfigHostSchema = z.object({
  alias: z.string(),
  host: z.string(),
  port: z.number().int(),
  user: z.string().nullable(),
  identityFile: z.string().nullable(),
  proxyJump: z.string().nullable(),
  /** The stored key with the same fingerprint as IdentityFile's public half, when there is one. */
  keyId: z.string().nullable(),
  /** The existing node that ProxyJump names (by name or address), when there is one. */
  jumpNodeId: z.string().nullable(),
});
export type SshConfigHost = z.infer<typeof sshConfigHostSchema>;

const id = z.string().min(1);
const host = z
  .string()
  .trim()
  .min(1, 'Type the server address.')
  .max(253)
  .regex(/^[A-Za-z0-9._:[\]-]+$/, 'Use a host name or an IP address, without spaces or a user@ part.');
const port = z.number().int().min(1).max(65535);
const user = z
  .string()
  .trim()
  .min(1, 'Type the user to log in as.')
  .max(64)
  .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'A user name has letters, digits, dots, dashes or underscores.');
const dockerSocket = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .regex(/^\//, 'The Docker socket is an absolute path on the node.');

/** The fields a user edits, without defaults, so a partial update never resets what it leaves out. */
const nodeEditSchema = z.object({
  name: z.string().trim().min(1, 'Give the node a name.').max(100),
  host,
  port,
  user,
  auth: z.enum(['key', 'agent']),
  keyId: z.string().min(1).nullable(),
  jumpNodeId: z.string().min(1).nullable(),
  dockerSocket,
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
  monthlyCostCents: z.number().int().nonnegative().max(100_000_000),
});

export const nodeFieldsSchema = nodeEditSchema.extend({
  port: port.default(22),
  auth: nodeEditSchema.shape.auth.default('key'),
  keyId: nodeEditSchema.shape.keyId.default(null),
  jumpNodeId: nodeEditSchema.shape.jumpNodeId.default(null),
  dockerSocket: dockerSocket.default('/var/run/docker.sock'),
  tags: nodeEditSchema.shape.tags.default([]),
  monthlyCostCents: nodeEditSchema.shape.monthlyCostCents.default(0),
});
export type NodeFields = z.input<typeof nodeFieldsSchema>;

export const nodesMethods = {
  'nodes:list': method(z.object({}), z.array(nodeSchema)),
  'nodes:get': method(z.object({ id }), nodeSchema),
  /** First contact: connects, reads the host key's fingerprint, authenticates as nobody and runs nothing. */
  'nodes:scan-host-key': method(
    z.object({ host, port: port.default(22), jumpNodeId: z.string().min(1).nullable().default(null) }),
    hostKeyScanSchema,
  ),
  /**
   * Adds the node with the fingerprint the user accepted pinned, then tests it at once. A socket left
   * at the default is looked for (DOCKER_HOST, the usual path, rootless, Podman) and the one found kept.
   */
  'nodes:add': method(
    nodeFieldsSchema.extend({ hostKeyFingerprint: z.string().startsWith('SHA256:') }),
    z.object({ node: nodeSchema, test: nodeTestSchema }),
  ),
  /** Any change drops the node's connection; a new host or port also forgets the pinned key. */
  'nodes:update': method(nodeEditSchema.partial().extend({ id }), nodeSchema),
  /** The explicit re-pin after a changed host key: the user accepts the fingerprint now shown. */
  'nodes:pin-host-key': method(z.object({ id, fingerprint: z.string().startsWith('SHA256:') }), nodeSchema),
  /** Like a health check, and with the socket at the default it looks for the engine first, as adding does. */
  'nodes:test': method(z.object({ id }), nodeTestSchema),
  'nodes:set-maintenance': method(z.object({ id, isMaintenance: z.boolean() }), nodeSchema),
  /** Forgets the node here; nothing on the server is touched. Refused while deployments live on it. */
  'nodes:remove': method(z.object({ id }), z.object({ id: z.string() })),
  /** What runs there: the deployments on the node, as the deployments feature knows them. */
  'nodes:deployments': method(z.object({ id }), z.array(nodeDeploymentSchema)),
  'nodes:events': method(
    z.object({ id, limit: z.number().int().min(1).max(500).default(50) }),
    z.array(nodeEventSchema),
  ),
  /** Checks every node not in maintenance now, as the health worker does on its interval. */
  'nodes:check-all': method(z.object({}), z.array(nodeSchema)),
  'nodes:ssh-config-hosts': method(z.object({}), z.array(sshConfigHostSchema)),
};

export const nodesEvents = {
  'nodes:changed': z.object({ id: z.string(), node: nodeSchema.nullable() }),
  'nodes:status-changed': nodeEventSchema,
};
