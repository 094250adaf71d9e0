import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { Exposure } from '@shared/contract/deployment-model';
import type { Mount, NormalizedCompose, NormalizedService } from '@shared/contract/template-model';
import { labels, names, ownership } from './compose-labels';
import { gpuHostConfig } from './gpu-requests';
import type { PortGrant, PortRequest } from './port-allocator';
import type { DeploymentPlan, PlannedFile, ServicePlan } from './plan-types';

export interface PlanInput {
  deploymentId: string;
  project: string;
  revision: number;
  /** The compose with every variable already substituted. */
  compose: NormalizedCompose;
  exposure: Exposure;
  ports: readonly PortGrant[];
  files: readonly (PlannedFile & { service: string })[];
  /** Copies per service (1 when absent). Only copy 1 publishes the service's host ports: see the README. */
  replicas?: Readonly<Record<string, number>>;
}

const DEFAULT_STOP_SECONDS = 10;
const msToNs = (ms: number | null) => (ms === null ? undefined : ms * 1_000_000);

/** Every service after the services it depends on; file order breaks ties so plans are stable. */
export function startOrder(services: readonly NormalizedService[]): NormalizedService[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ordered: NormalizedService[] = [];
  const placed = new Set<string>();
  const visit = (service: NormalizedService, path: Set<string>) => {
    if (placed.has(service.name)) return;
    if (path.has(service.name)) throw new Error(`depends_on cycle through ${service.name}`);
    path.add(service.name);
    for (const dependency of service.dependsOn) {
      const target = byName.get(dependency.service);
      if (target) visit(target, path);
    }
    path.delete(service.name);
    placed.add(service.name);
    ordered.push(service);
  };
  for (const service of services) visit(service, new Set());
  return ordered;
}

/** The host ports a compose file asks for, in a stable order, for the allocator. */
export const portRequests = (compose: NormalizedCompose): PortRequest[] =>
  compose.services.flatMap((service) =>
    service.ports.map((port) => ({
      service: service.name,
      containerPort: port.target,
      protocol: port.protocol,
      preferred: port.published ?? undefined,
    })),
  );

function mountFor(mount: Mount, project: string, compose: NormalizedCompose): Docker.MountSettings {
  switch (mount.type) {
    case 'volume': {
      // An empty source asks the engine for an anonymous volume.
      if (mount.source === null)
        return { Type: 'volume', Source: '', Target: mount.target, ReadOnly: mount.readOnly };
      const declared = compose.volumes.find((v) => v.name === mount.source);
      const source = declared?.external
        ? (declared.externalName ?? declared.name)
        : names.volume(project, mount.source);
      return {
        Type: 'volume',
        Source: source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
        VolumeOptions: { NoCopy: mount.noCopy } as Docker.MountSettings['VolumeOptions'],
      };
    }
    case 'bind':
      return { Type: 'bind', Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly };
    case 'tmpfs':
      return {
        Type: 'tmpfs',
        Source: '',
        Target: mount.target,
        TmpfsOptions: {
          ...(mount.sizeBytes === null ? {} : { SizeBytes: mount.sizeBytes }),
          ...(mount.mode === null ? {} : { Mode: mount.mode }),
        } as Docker.MountSettings['TmpfsOptions'],
      };
  }
}

function healthcheckFor(service: NormalizedService): Docker.ContainerCreateOptions['Healthcheck'] {
  const check = service.healthcheck;
  if (!check) return undefined;
  if (check.disabled) return { Test: ['NONE'] };
  return {
    Test: check.test,
    Interval: msToNs(check.intervalMs),
    Timeout: msToNs(check.timeoutMs),
    Retries: check.retries ?? undefined,
    StartPeriod: msToNs(check.startPeriodMs),
  };
}

type NetworkName = (composeName: string) => string;

const grantsOf = (service: NormalizedService, input: PlanInput, replica: number) =>
  replica === 1 ? input.ports.filter((p) => p.service === service.name) : [];
type PortBindings = Record<string, { HostIp: string; HostPort: string }[]>;

/** Host port bindings (loopback only for a private deployment) and every port the container exposes. */
function portsFor(service: NormalizedService, input: PlanInput, replica: number) {
  const hostIp = input.exposure === 'private' ? '127.0.0.1' : '';
  const portBindings: PortBindings = {};
  const exposed: Record<string, object> = {};
  for (const grant of grantsOf(service, input, replica)) {
    const key = `${grant.containerPort}/${grant.protocol}`;
    (portBindings[key] ??= []).push({ HostIp: hostIp, HostPort: String(grant.hostPort) });
    exposed[key] = {};
  }
  for (const port of service.expose) exposed[`${port.port}/${port.protocol}`] = {};
  return { portBindings, exposed };
}

/** The networks a service joins, each with the service's name as an alias; none with a network mode. */
function networksFor(service: NormalizedService, networkName: NetworkName) {
  const networks = service.networkMode
    ? []
    : service.networks.length > 0
      ? service.networks
      : [{ name: 'default', aliases: [] }];
  const alias = (aliases: string[]) => [service.name, ...aliases.filter((a) => a !== service.name)];
  return networks.map((n) => ({ name: networkName(n.name), aliases: alias(n.aliases) }));
}

const labelsFor = (
  service: NormalizedService,
  input: PlanInput,
  replica: number,
): Record<string, string> => ({
  ...service.labels,
  ...ownership(input.deploymentId, input.project),
  [labels.service]: service.name,
  [labels.containerNumber]: String(replica),
  [labels.oneoff]: 'False',
  [labels.revision]: String(input.revision),
  [labels.dependsOn]: service.dependsOn.map((d) => `${d.service}:${d.condition}:false`).join(','),
});

function hostConfigFor(
  service: NormalizedService,
  input: PlanInput,
  portBindings: PortBindings,
  network: string | undefined,
): Docker.HostConfig {
  return {
    PortBindings: portBindings,
    Mounts: service.mounts.map((m) => mountFor(m, input.project, input.compose)),
    Tmpfs: Object.fromEntries(service.tmpfs.map((t) => [t.target, t.options])),
    RestartPolicy: {
      Name: service.restart.policy === 'no' ? '' : service.restart.policy,
      MaximumRetryCount: service.restart.policy === 'on-failure' ? (service.restart.maxRetries ?? 0) : 0,
    },
    NanoCpus: service.limits.cpus === null ? undefined : Math.round(service.limits.cpus * 1e9),
    Memory: service.limits.memoryBytes ?? undefined,
    MemoryReservation: service.reservations.memoryBytes ?? undefined,
    CapAdd: service.capAdd,
    CapDrop: service.capDrop,
    Privileged: service.privileged,
    Devices: service.devices.map((d) => ({
      PathOnHost: d.host,
      PathInContainer: d.container,
      CgroupPermissions: d.permissions,
    })),
    ...gpuHostConfig(service),
    SecurityOpt: service.securityOpt,
    NetworkMode: service.networkMode ?? network,
    PidMode: service.pid ?? undefined,
    IpcMode: service.ipc ?? undefined,
    Init: service.init ?? undefined,
    ReadonlyRootfs: service.readOnly,
    ShmSize: service.shmSizeBytes ?? undefined,
    Sysctls: service.sysctls,
    LogConfig: service.logging
      ? { Type: service.logging.driver, Config: service.logging.options }
      : undefined,
    Ulimits: service.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    ExtraHosts: service.extraHosts.map((h) => `${h.host}:${h.address}`),
  };
}

function containerOptions(
  service: NormalizedService,
  input: PlanInput,
  networkName: NetworkName,
  replica: number,
): { options: Docker.ContainerCreateOptions; extraNetworks: ServicePlan['extraNetworks'] } {
  const { portBindings, exposed } = portsFor(service, input, replica);
  const [first, ...rest] = networksFor(service, networkName);
  const options: Docker.ContainerCreateOptions = {
    Image: service.image,
    Cmd: service.command ?? undefined,
    Entrypoint: service.entrypoint ?? undefined,
    Env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    User: service.user ?? undefined,
    WorkingDir: service.workingDir ?? undefined,
    Hostname: service.hostname ?? undefined,
    Tty: service.tty,
    OpenStdin: service.stdinOpen,
    StopSignal: service.stopSignal ?? undefined,
    StopTimeout: service.stopGracePeriodMs === null ? undefined : Math.ceil(service.stopGracePeriodMs / 1000),
    ExposedPorts: exposed,
    Healthcheck: healthcheckFor(service),
    Labels: labelsFor(service, input, replica),
    HostConfig: hostConfigFor(service, input, portBindings, first?.name),
    NetworkingConfig: first ? { EndpointsConfig: { [first.name]: { Aliases: first.aliases } } } : undefined,
  };
  return { options, extraNetworks: rest };
}

/** One container of a service, with the hash of everything that defines it. */
function servicePlan(
  service: NormalizedService,
  input: PlanInput,
  networkName: NetworkName,
  replica: number,
): ServicePlan {
  const { options, extraNetworks } = containerOptions(service, input, networkName, replica);
  const files = input.files
    .filter((f) => f.service === service.name)
    .map(({ path, content, mode }) => ({ path, content, mode }));
  const configHash = createHash('sha256')
    .update(JSON.stringify({ options, extraNetworks, files }))
    .digest('hex');
  options.Labels = { ...options.Labels, [labels.configHash]: configHash };
  return {
    service: service.name,
    replica,
    containerName: names.container(input.project, service.name, replica),
    image: service.image,
    options,
    dependsOn: Object.fromEntries(service.dependsOn.map((d) => [d.service, d.condition])),
    files,
    hasHealthcheck: service.healthcheck !== null && !service.healthcheck.disabled,
    stopTimeoutSeconds:
      service.stopGracePeriodMs === null ? DEFAULT_STOP_SECONDS : Math.ceil(service.stopGracePeriodMs / 1000),
    ports: grantsOf(service, input, replica),
    configHash,
    extraNetworks,
  };
}

/** Turns a rendered compose file into the exact Docker resources of one deployment revision. */
export function buildPlan(input: PlanInput): DeploymentPlan {
  const own = ownership(input.deploymentId, input.project);
  const networkName = (composeName: string) =>
    composeName === 'default' ? names.network(input.project) : `${input.project}_${composeName}`;
  const declaredNetworks = input.compose.networks.filter((n) => n.name !== 'default');

  // Copies of a service follow each other, so what depends on it starts after all of them.
  const services = startOrder(input.compose.services).flatMap((service) =>
    Array.from({ length: input.replicas?.[service.name] ?? 1 }, (_, index) =>
      servicePlan(service, input, networkName, index + 1),
    ),
  );

  return {
    deploymentId: input.deploymentId,
    project: input.project,
    revision: input.revision,
    networks: [
      {
        name: names.network(input.project),
        labels: { ...own, [labels.network]: 'default' },
        internal: false,
      },
      ...declaredNetworks.map((n) => ({
        name: networkName(n.name),
        labels: { ...n.labels, ...own, [labels.network]: n.name },
        internal: n.internal,
      })),
    ],
    volumes: input.compose.volumes.map((v) =>
      v.external
        ? { name: v.externalName ?? v.name, labels: {}, external: true, driverOpts: {} }
        : {
            name: names.volume(input.project, v.name),
            labels: { ...v.labels, ...own, [labels.volume]: v.name },
            external: false,
            driverOpts: v.driverOpts,
          },
    ),
    services,
  };
}
