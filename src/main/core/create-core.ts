import { homedir } from 'node:os';
import { join } from 'node:path';
import { methods, type Handlers } from '@shared/contract';
import type { NodeDeployment } from '@shared/contract/nodes';
import type { TemplateUsage } from '@shared/contract/templates';
import { createBackupsFeature } from './backups';
import { createBillingFeature, stripeApiBaseFromEnv } from './billing';
import { systemClock } from './clock';
import { cloudApiBasesFromEnv, cloudProviders, createCloudFeature } from './cloud';
import type { CoreContext, Feature } from './core-context';
import type { Core, CorePorts } from './core-ports';
import { VAULT_FILE_NAME } from './db/data-folder';
import { openDataFolder } from './db/database';
import { migrations } from './db/migrations';
import { createDeploymentsFeature, templateEngineForDeployments, type DeploymentsFeature } from './deployments';
import { createDeferredStart } from './deferred-start';
import { createDispatcher } from './dispatch';
import { createDomainsFeature } from './domains';
import { createEventBus } from './events/event-bus';
import { createInventoryFeature } from './inventory';
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
import { createJobRunner } from './jobs/job-runner';
import { createKeysFeature } from './keys';
import { createMarketplaceFeature, createTemplateEngine, rawFilesBaseFromEnv } from './marketplace';
import { mergeHandlers } from './merge-handlers';
import { createMonitoringFeature } from './monitoring';
import { createNodeDirectory, createNodesFeature } from './nodes';
import { createRegistriesFeature } from './registries';
import { createScheduler } from './scheduler/scheduler';
import { createPresenceCheck } from './secrets/presence';
import { createSecretBackend } from './secrets/secret-backend';
import { createVaultFeature } from './secrets/vault-feature';
import { createVaultSecretStore } from './secrets/vault-secret-store';
import { createSettingsService } from './settings/settings-service';
import type { NodeConnections } from './ssh/node-connections';
import { createSystemFeature, FROM_SOURCE_REASON, noUpdates } from './system';
import { createTerminalFeature } from './terminal';

export { DATABASE_FILE_NAME, VAULT_FILE_NAME } from './db/data-folder';

export type { Core, CorePorts } from './core-ports';

const updatesUnsupportedReason = (mode: CorePorts['mode']) =>
  mode === 'browser'
    ? 'Browser mode runs from this checkout: update it with git pull and npm ci, then start it again.'
    : FROM_SOURCE_REASON;

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
  }, ports.updates ?? noUpdates(ports.appVersion, updatesUnsupportedReason(ports.mode)));
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
    remoteFiles: { rawFilesBase: ports.rawFilesBase ?? rawFilesBaseFromEnv() },
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
    attention: ports.attention,
  });
  const backups = createBackups(context, ports, fleet, deployments);
  const inventory = createInventoryFeature(context, { nodes: nodeDirectory, connections: nodes.connections, deployments });
  const terminal = createTerminalFeature(context, { connections: nodes.connections, deployments: deployments.console });
  return { marketplace, registries, deployments, domains, backups, billing, monitoring, inventory, terminal };
}

/** Servers from the app: nodes are added and forgotten through the nodes feature, keys read through theirs. */
function createCloud({ context }: Base, ports: CorePorts, fleet: ReturnType<typeof createFleetFeatures>) {
  const { keys, nodes, deploymentsOnNode } = fleet;
  return createCloudFeature(context, {
    providers: cloudProviders({ fetch: ports.fetch, apiBases: ports.cloudApiBases ?? cloudApiBasesFromEnv() }),
    keys: { publicKey: (id) => keys.keys.get(id).publicKey, parsedKey: (id) => keys.keys.parsedKey(id) },
    nodes: {
      list: () => nodes.listNodes(),
      add: (input) => nodes.addNode(methods['nodes:add'].input.parse(input)),
      remove: (id) => nodes.removeNode(id),
      check: (id) => nodes.checkNode(id),
      deploymentsOn: deploymentsOnNode.call,
    },
    timings: ports.cloudTimings,
  });
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
  const startup = createDeferredStart(() => {
    for (const feature of features) feature.start?.();
    context.scheduler.start();
  });
  const dispatch = createDispatcher(handlers, ports.logger);
  return {
    handlers,
    dispatch: async (method, input) => {
      const result = await dispatch(method, input);
      startup.answered();
      return result;
    },
    events: context.events,
    jobs: context.jobs,
    scheduler: context.scheduler,
    nodeConnections,
    start: () => startup.arm(),
    async close() {
      if (isClosed) return;
      isClosed = true;
      startup.cancel();
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
  const cloud = createCloud(base, ports, fleet);
  const { system, vault, keys, nodes } = fleet;
  const { marketplace, registries, deployments, domains, backups, billing, monitoring, inventory, terminal } = app;
  const features = [system, vault, keys, nodes, marketplace, registries, deployments, domains, backups, billing, monitoring, inventory, terminal, cloud];
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
    inventory.handlers,
    terminal.handlers,
    cloud.handlers,
  );
  return assembleCore(base, ports, features, { handlers, nodeConnections: nodes.connections });
}
