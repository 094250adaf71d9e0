import { z } from 'zod';
import { method } from './define';
import { deploymentStatusSchema } from './deployment-model';
import { nodeStatusSchema } from './nodes';

const id = z.string().min(1).max(200);

export const logStreamSchema = z.enum(['stdout', 'stderr']);
export type LogStream = z.infer<typeof logStreamSchema>;

export const statsRangeSchema = z.enum(['1h', '24h', '7d', '90d']);
export type StatsRange = z.infer<typeof statsRangeSchema>;

/** Where a screen's data comes from: the node while it answers, else what this computer stored. */
export const reachabilitySchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  isReachable: z.boolean(),
  /** The last time the node answered monitoring (stats, logs or its event stream). */
  lastSeenAt: z.string().nullable(),
  /** Why the node cannot be reached now, in words. */
  reason: z.string().nullable(),
});
export type Reachability = z.infer<typeof reachabilitySchema>;

export const containerHealthSchema = z.enum(['healthy', 'unhealthy', 'starting', 'none']);

/** A container as last seen: its state survives the node going away. */
export const containerStateSchema = z.object({
  containerId: z.string(),
  service: z.string(),
  name: z.string(),
  state: z.string(),
  health: containerHealthSchema,
  restartCount: z.number().int(),
  exitCode: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ContainerState = z.infer<typeof containerStateSchema>;

/** One point of a chart; rates are per second, null where the metric does not apply or was not measured. */
export const statPointSchema = z.object({
  at: z.number(),
  cpuPercent: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  memoryLimitBytes: z.number().nullable(),
  netRxPerSecond: z.number().nullable(),
  netTxPerSecond: z.number().nullable(),
  blockReadPerSecond: z.number().nullable(),
  blockWritePerSecond: z.number().nullable(),
  pids: z.number().nullable(),
  diskUsedBytes: z.number().nullable(),
  diskTotalBytes: z.number().nullable(),
});
export type StatPoint = z.infer<typeof statPointSchema>;

/** The latest sample of one container, with the running totals Docker reports. */
export const containerStatsSchema = statPointSchema.extend({
  service: z.string(),
  containerId: z.string(),
  netRxBytes: z.number().nullable(),
  netTxBytes: z.number().nullable(),
  blockReadBytes: z.number().nullable(),
  blockWriteBytes: z.number().nullable(),
});
export type ContainerStats = z.infer<typeof containerStatsSchema>;

export const monitoringEventKindSchema = z.enum([
  'start',
  'die',
  'oom',
  'kill',
  'health_status',
  'restart',
  'stop',
  'destroy',
  'lifecycle',
  'health',
  'node',
]);
export const severitySchema = z.enum(['info', 'success', 'warning', 'error']);

export const monitoringEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  nodeId: z.string(),
  deploymentId: z.string().nullable(),
  service: z.string().nullable(),
  containerId: z.string().nullable(),
  kind: monitoringEventKindSchema,
  severity: severitySchema,
  message: z.string(),
  exitCode: z.number().int().nullable(),
  /** `docker`: the node's event stream; `recovery`: found by inspecting containers after a reconnect; `app`: this app's own lifecycle. */
  source: z.enum(['docker', 'recovery', 'app']),
});
export type MonitoringEvent = z.infer<typeof monitoringEventSchema>;

export const alertKindSchema = z.enum(['crash-loop', 'unhealthy', 'exited', 'oom', 'node-offline', 'certificate', 'backup']);
export const alertSchema = z.object({
  id: z.number().int(),
  kind: alertKindSchema,
  severity: z.enum(['warning', 'error']),
  nodeId: z.string(),
  deploymentId: z.string().nullable(),
  title: z.string(),
  message: z.string(),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  dismissedAt: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const logLineSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  service: z.string(),
  stream: logStreamSchema,
  text: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const logFilterSchema = z.object({
  deploymentId: id,
  /** Empty: every service. */
  services: z.array(z.string().max(200)).max(50).default([]),
  /** Empty: both streams. */
  streams: z.array(logStreamSchema).max(2).default([]),
  /** Full-text search (words, in order); empty: every line. */
  search: z.string().trim().max(200).default(''),
});
export type LogFilter = z.input<typeof logFilterSchema>;

export const deploymentOverviewSchema = z.object({
  deploymentId: z.string(),
  /** Null once the deployment is deleted: its stored monitoring data stays readable until cleared. */
  deploymentName: z.string().nullable(),
  status: deploymentStatusSchema.nullable(),
  reachability: reachabilitySchema.nullable(),
  containers: z.array(containerStateSchema),
  /** Every service with stored logs or stats, also of containers long gone. */
  services: z.array(z.string()),
  alerts: z.array(alertSchema),
  lastSampleAt: z.string().nullable(),
  lastLogAt: z.string().nullable(),
});
export type DeploymentOverview = z.infer<typeof deploymentOverviewSchema>;

export const fleetNodeSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  status: nodeStatusSchema,
  reachability: reachabilitySchema,
  latest: statPointSchema.nullable(),
  deployments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: deploymentStatusSchema,
      cpuPercent: z.number().nullable(),
      memoryBytes: z.number().nullable(),
      containersRunning: z.number().int(),
      containersTotal: z.number().int(),
      openAlerts: z.number().int(),
    }),
  ),
});
export type FleetNode = z.infer<typeof fleetNodeSchema>;

export const monitoringUsageSchema = z.object({
  /** Bytes the monitoring tables take in the database file. */
  totalBytes: z.number(),
  /** What counts against the data budget: logs (by the log store's counters), stats and events. */
  budgetBytes: z.object({ logs: z.number(), stats: z.number(), events: z.number() }),
  deployments: z.array(
    z.object({
      deploymentId: z.string(),
      name: z.string().nullable(),
      logLines: z.number().int(),
      logBytes: z.number(),
      statSamples: z.number().int(),
      events: z.number().int(),
      /** An estimate of this deployment's share of totalBytes. */
      bytes: z.number(),
    }),
  ),
});
export type MonitoringUsage = z.infer<typeof monitoringUsageSchema>;

export const monitoringMethods = {
  /**
   * What is on screen, per view: those deployments and nodes are sampled every few seconds, the rest
   * every minute. A view renews its focus within the lease, or it lapses (a closed window stops costing).
   */
  'monitoring:focus': method(
    z.object({
      viewId: z.string().min(1).max(100),
      deploymentIds: z.array(id).max(50).default([]),
      nodeIds: z.array(id).max(200).default([]),
    }),
    z.object({ leaseSeconds: z.number().int() }),
  ),
  /** Samples now and waits at most 1.5 s for it; the answers arrive as pushed events either way. */
  'monitoring:refresh': method(
    z.object({ deploymentId: id.optional(), nodeId: id.optional() }),
    z.object({ isComplete: z.boolean() }),
  ),
  'monitoring:overview': method(z.object({ deploymentId: id }), deploymentOverviewSchema),
  'monitoring:events': method(
    z.object({
      deploymentId: id,
      limit: z.number().int().min(1).max(1000).default(200),
      beforeId: z.number().int().optional(),
    }),
    z.object({ events: z.array(monitoringEventSchema), hasMore: z.boolean() }),
  ),
  /** A page of stored lines, oldest first; `offset` null means the last page. */
  'monitoring:logs': method(
    logFilterSchema.extend({
      offset: z.number().int().min(0).nullable().default(null),
      limit: z.number().int().min(1).max(2000).default(500),
      withTotal: z.boolean().default(true),
    }),
    z.object({ lines: z.array(logLineSchema), offset: z.number().int(), total: z.number().int().nullable() }),
  ),
  /** The index of the first line at or after `at` among the lines the filter keeps: "jump to time". */
  'monitoring:logs-locate': method(
    logFilterSchema.extend({ at: z.iso.datetime({ offset: true }) }),
    z.object({ index: z.number().int(), total: z.number().int() }),
  ),
  'monitoring:logs-download': method(
    logFilterSchema,
    z.object({
      fileName: z.string(),
      text: z.string(),
      lineCount: z.number().int(),
      isTruncated: z.boolean(),
    }),
  ),
  'monitoring:stats': method(
    z.object({ deploymentId: id, range: statsRangeSchema.default('1h') }),
    z.object({
      reachability: reachabilitySchema.nullable(),
      series: z.array(z.object({ service: z.string(), points: z.array(statPointSchema) })),
      latest: z.array(containerStatsSchema),
      /** The core's time of the answer: where the charts end. */
      now: z.number(),
    }),
  ),
  'monitoring:node-stats': method(
    z.object({ nodeId: id, range: statsRangeSchema.default('1h') }),
    z.object({
      reachability: reachabilitySchema,
      points: z.array(statPointSchema),
      latest: statPointSchema.nullable(),
      now: z.number(),
    }),
  ),
  'monitoring:fleet': method(
    z.object({}),
    z.object({ nodes: z.array(fleetNodeSchema), alerts: z.array(alertSchema) }),
  ),
  'monitoring:usage': method(z.object({}), monitoringUsageSchema),
  /** Deletes a deployment's stored logs, stats, events and alerts; collection goes on from where it was. */
  'monitoring:clear': method(z.object({ deploymentId: id }), monitoringUsageSchema),
  'alerts:list': method(
    z.object({
      includeResolved: z.boolean().default(false),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    z.array(alertSchema),
  ),
  'alerts:dismiss': method(z.object({ id: z.number().int() }), alertSchema),
};

export const monitoringEvents = {
  /** New lines were stored for a deployment (at most one push per collection round). */
  'monitoring:logs-appended': z.object({
    deploymentId: z.string(),
    count: z.number().int(),
    lastAt: z.string(),
  }),
  'monitoring:events-recorded': z.object({
    nodeId: z.string(),
    deploymentIds: z.array(z.string()),
    count: z.number().int(),
  }),
  /** Fresh stats were stored for these deployments (and the node's own, when `isNodeSampled`). */
  'monitoring:sampled': z.object({
    nodeId: z.string(),
    deploymentIds: z.array(z.string()),
    isNodeSampled: z.boolean(),
    at: z.string(),
  }),
  /** A problem needs attention: shown in the app; the desktop shell may also show a notification. */
  'alerts:raised': alertSchema,
  'alerts:resolved': alertSchema,
};
