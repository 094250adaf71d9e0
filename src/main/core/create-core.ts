import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '@shared/contract';
import type { NodeDeployment } from '@shared/contract/nodes';
import type { SystemInfo } from '@shared/contract/system';
import type { TemplateUsage } from '@shared/contract/templates';
import { createBackupsFeature } from './backups';
import { createBillingFeature, stripeApiBaseFromEnv } from './billing';
import { systemClock, type Clock } from './clock';
import type { CoreContext, Feature } from './core-context';
import { VAULT_FILE_NAME } from './db/data-folder';
import { openDataFolder } from './db/database';
import { migrations } from './db/migrations';
import { createDeploymentsFeature, templateEngineForDeployments, type DeploymentsFeature } from './deployments';
import { createDispatcher, type Dispatch } from './dispatch';
import { createDomainsFeature } from './domains';
import { createEventBus, type EventBus } from './events/event-bus';
import {
  deploymentReadiness,
  deploymentsForMonitoring,
  laterPort,
  nodeCosts,
  nodeDeployments,
  nodeStatusChanges,
  templateVersions,
} from './feature-ports';
import { createJobRepository } from './jobs/job-repository';
import { createJobRunner, type JobRunner } from './jobs/job-runner';
import { createKeysFeature } from './keys';
import type { Logger } from './logger';
import { createMarketplaceFeature, createTemplateEngine } from './marketplace';
import { mergeHandlers } from './merge-handlers';
import { createMonitoringFeature } from './monitoring';
import { createNodeDirectory, createNodesFeature, type NodesFeatureOptions } from './nodes';
import { createRegistriesFeature } from './registries';
import { createScheduler, type Scheduler } from './scheduler/scheduler';
import { createPresenceCheck, type OsPresence } from './secrets/presence';
import { createSecretBackend } from './secrets/secret-backend';
import type { SecretStore } from './secrets/secret-store';
import { createVaultFeature } from './secrets/vault-feature';
import { createVaultSecretStore } from './secrets/vault-secret-store';
import { createSettingsService } from './settings/settings-service';
import type { SettingsStore } from './settings/settings-store';
import type { NodeConnections } from './ssh/node-connections';
import { createSystemFeature } from './system';

export { DATABASE_FILE_NAME, VAULT_FILE_NAME } from './db/data-folder';

/** Everything the core needs from the outside world, passed in so tests can build a real core anywhere. */
export interface CorePorts {
  dataDir: string;
  appVersion: string;
  mode: SystemInfo['mode'];
  settingsStore: SettingsStore;
  /** The OS keychain; where it does not answer, the core keeps secrets in a passphrase vault instead. */
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  /** Path to a better-sqlite3 binary for Electron's ABI, when node_modules holds Node's. */
  sqliteBinding?: string | undefined;
  /** The app's resources folder (built-in templates live in its templates/); without it no built-ins are seeded. */
  resourcesDir?: string;
  /** Where "This computer" finds Docker (default: $HOSTER_LOCAL_DOCKER_SOCKET or /var/run/docker.sock). */
  localDockerSocket?: string;
  /** The OpenSSH client config hosts are imported from (default ~/.ssh/config). */
  sshConfigPath?: string;
  /** The DNS servers a domain check asks as "this computer" (default: the system's own). */
  systemDnsServers?: readonly string[];
  /** The ssh-agent socket for nodes that log in with the agent (default $SSH_AUTH_SOCK, read at each dial). */
  agentSocket?: () => string | undefined;
  /** Connection timings, reconnect backoff and per-check budget; tests shorten them. */
  nodeTuning?: Pick<NodesFeatureOptions, 'timings' | 'backoff' | 'checkTimeoutMs'>;
  /** restic's path (default: $HOSTER_RESTIC, then resources/bin, then the PATH). */
  resticPath?: string;
  /** Stripe's API base URL (default: $HOSTER_STRIPE_API_BASE or https://api.stripe.com); tests point it at a local fake. */
  stripeApiBase?: string;
  /** Outgoing HTTP to Stripe (default: global fetch); tests wrap it to lose answers on purpose. */
  fetch?: typeof fetch;
  /**
   * Parse every pushed event against its contract schema; a payload that does not match throws,
   * naming the event (default: on when NODE_ENV is development or test, as under vitest).
   */
  validateEvents?: boolean;
  /** The OS prompt that confirms the user is there before a secret is shown (Touch ID); else a passphrase is typed. */
  presence?: OsPresence;
}

export interface Core {
  handlers: Handlers;
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRunner;
  scheduler: Scheduler;
  /** One shared SSH connection per node: Docker, exec and port forwards for every feature. */
  nodeConnections: NodeConnections;
  /** Runs each feature's start-up work, then the background workers; tests may drive workers by hand instead. */
  start(): void;
  close(): Promise<void>;
}

const isDevelopmentOrTest = (env: NodeJS.ProcessEnv) =>
  env.NODE_ENV === 'development' || env.NODE_ENV === 'test';

/** The database, event bus, jobs, scheduler, settings and secrets every feature is built on. */
function createContext(ports: CorePorts) {
  const clock = ports.clock ?? systemClock;
  const folder = openDataFolder(ports.dataDir, migrations, {
    now: () => clock.now(),
    nativeBinding: ports.sqliteBinding,
  });
  const events = createEventBus({
    onListenerError: (error) => ports.logger.error('event listener failed', { error: String(error) }),
    validatePayloads: ports.validateEvents ?? isDevelopmentOrTest(process.env),
    onInvalidPayload: (error) =>
      ports.logger.error('pushed event outside its contract', { event: error.event, issues: error.issues }),
  });
  const jobRepository = createJobRepository(folder.db);
  jobRepository.interruptUnfinished(clock.now().toISOString());
  const secretBackend = createSecretBackend(
    ports.secrets,
    createVaultSecretStore(join(ports.dataDir, VAULT_FILE_NAME)),
  );
  const context: CoreContext = {
    dataDir: ports.dataDir,
    db: folder.db,
    events,
    jobs: createJobRunner({ repository: jobRepository, events, clock, logger: ports.logger }),
    scheduler: createScheduler({ clock, logger: ports.logger }),
    settings: createSettingsService(ports.settingsStore, events),
    secrets: secretBackend.store,
    clock,
    logger: ports.logger,
  };
  return { context, folder, secretBackend, presence: createPresenceCheck({ os: ports.presence, backend: secretBackend, store: context.secrets }) };
}

type Base = ReturnType<typeof createContext>;
/** The features that hold the fleet: this installation, the vault, keys and nodes. */
function createFleetFeatures({ context, folder, secretBackend }: Base, ports: CorePorts) {
  const nodeDirectory = createNodeDirectory(context.db);
  const deploymentsOnNode = laterPort<[nodeId: string], NodeDeployment[]>('deployments.onNode');
  const system = createSystemFeature(context, {
    appVersion: ports.appVersion,
    mode: ports.mode,
    databaseFile: folder.file,
    schemaVersion: folder.schemaVersion,
  });
  const vault = createVaultFeature(secretBackend, context.events);
  const keys = createKeysFeature(context, {
    onVaultLocked: (forget) => secretBackend.onChange((status) => !status.vault.isUnlocked && forget()),
    nodesUsingKey: (keyId) => nodeDirectory.usingKey(keyId),
  });
  const nodes = createNodesFeature(context, {
    keys: keys.keys,
    deploymentsOnNode: deploymentsOnNode.call,
    localDockerSocket:
      ports.localDockerSocket ?? process.env.HOSTER_LOCAL_DOCKER_SOCKET ?? '/var/run/docker.sock',
    sshConfigPath: ports.sshConfigPath ?? join(homedir(), '.ssh', 'config'),
    agentSocket: ports.agentSocket ?? (() => process.env.SSH_AUTH_SOCK),
    ...ports.nodeTuning,
  });
  return { nodeDirectory, deploymentsOnNode, system, vault, keys, nodes };
}

/** Backups, reaching nodes and connections through the fleet and deployments through their data port. */
function createBackups(
  context: CoreContext,
  ports: CorePorts,
  { nodeDirectory, nodes }: ReturnType<typeof createFleetFeatures>,
  deployments: DeploymentsFeature,
) {
  return createBackupsFeature(context, {
    nodes: nodeDirectory,
    connections: nodes.connections,
    deployments: {
      list: () => deployments.list(),
      target: (id) => deployments.data.target(id),
      run: (id, hold, work) => deployments.data.run(id, hold, work),
      copy: (sourceId, to) => deployments.data.copy(sourceId, to),
    },
    resticPath: ports.resticPath,
    resourcesDir: ports.resourcesDir,
  });
}

/** The features that run apps on the fleet: templates, registry logins, deployments, domains, billing, monitoring. */
function createAppFeatures(
  { context, presence }: Base,
  ports: CorePorts,
  fleet: ReturnType<typeof createFleetFeatures>,
) {
  const { nodeDirectory, nodes } = fleet;
  const deploymentsUsing = laterPort<[templateId: string], TemplateUsage[]>('deployments.usingTemplate');
  const routeUrl = laterPort<[deploymentId: string], string | null>('domains.urlOf');
  const routeSwitched = laterPort<[deploymentId: string], Promise<void>>('domains.switched');
  const marketplace = createMarketplaceFeature(context, {
    engine: createTemplateEngine(),
    builtinDir: ports.resourcesDir === undefined ? undefined : join(ports.resourcesDir, 'templates'),
    deploymentsUsing: deploymentsUsing.call,
  });
  const registries = createRegistriesFeature(context, {
    nodes: nodeDirectory,
    connections: nodes.connections,
  });
  const deployments = createDeploymentsFeature(
    context,
    {
      templates: templateVersions(marketplace.catalog),
      engine: templateEngineForDeployments(),
      nodes: nodeDirectory,
      nodeStatus: nodeStatusChanges(context.events),
      connections: nodes.connections,
      registryAuth: (image) => registries.authFor(image),
      routes: { urlOf: routeUrl.call, switched: routeSwitched.call },
      presence,
    },
    deploymentReadiness(context.settings),
  );
  const domains = createDomainsFeature(context, {
    nodes: nodeDirectory,
    connections: nodes.connections,
    deployments: { target: (id) => deployments.routeTarget(id) },
    registryAuth: (image) => registries.authFor(image),
    systemDnsServers: ports.systemDnsServers,
  });
  routeUrl.provide((id) => domains.urlOf(id));
  routeSwitched.provide((id) => domains.switched(id));
  fleet.deploymentsOnNode.provide(nodeDeployments(deployments));
  deploymentsUsing.provide((templateId) => deployments.usingTemplate(templateId));
  const billing = createBillingFeature(context, {
    nodeCosts: nodeCosts(nodeDirectory),
    stripe: { baseUrl: ports.stripeApiBase ?? stripeApiBaseFromEnv(), fetch: ports.fetch },
  });
  const monitoring = createMonitoringFeature(context, {
    connections: nodes.connections,
    nodes: nodeDirectory,
    deployments: deploymentsForMonitoring(deployments),
  });
  const backups = createBackups(context, ports, fleet, deployments);
  return { marketplace, registries, deployments, domains, backups, billing, monitoring };
}

type AnyFeature = Pick<Feature<never>, 'workers' | 'start' | 'close'>;

/** Workers registered, and one start and close for every feature, in order and in reverse. */
function assembleCore(
  { context, folder }: Base,
  ports: CorePorts,
  features: AnyFeature[],
  { handlers, nodeConnections }: { handlers: Handlers; nodeConnections: NodeConnections },
): Core {
  // Registered now, run only once the core starts: `workers:run` reaches every worker from the first call.
  for (const worker of features.flatMap((feature) => feature.workers ?? []))
    context.scheduler.register(worker);
  let isClosed = false;
  return {
    handlers,
    dispatch: createDispatcher(handlers, ports.logger),
    events: context.events,
    jobs: context.jobs,
    scheduler: context.scheduler,
    nodeConnections,
    start() {
      for (const feature of features) feature.start?.();
      context.scheduler.start();
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await context.scheduler.stop();
      await context.jobs.close();
      for (const feature of [...features].reverse()) await feature.close?.();
      folder.db.close();
    },
  };
}

export function createCore(ports: CorePorts): Core {
  const base = createContext(ports);
  const fleet = createFleetFeatures(base, ports);
  const app = createAppFeatures(base, ports, fleet);
  const { system, vault, keys, nodes } = fleet;
  const { marketplace, registries, deployments, domains, backups, billing, monitoring } = app;
  const features = [system, vault, keys, nodes, marketplace, registries, deployments, domains, backups, billing, monitoring];
  // Spelled out, so a method no feature answers is a type error here; one answered twice throws.
  const handlers: Handlers = mergeHandlers(
    system.handlers,
    vault.handlers,
    keys.handlers,
    nodes.handlers,
    marketplace.handlers,
    registries.handlers,
    deployments.handlers,
    domains.handlers,
    backups.handlers,
    billing.handlers,
    monitoring.handlers,
  );
  return assembleCore(base, ports, features, { handlers, nodeConnections: nodes.connections });
}
