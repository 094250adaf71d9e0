import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '@shared/contract';
import type { SystemInfo } from '@shared/contract/system';
import { createBillingFeature } from './billing/billing-feature';
import { stripeApiBaseFromEnv } from './billing/billing-ports';
import { createNodeCostsReader } from './billing/node-costs';
import { systemClock, type Clock } from './clock';
import type { CoreContext, Feature } from './core-context';
import { VAULT_FILE_NAME } from './db/data-folder';
import { openDataFolder } from './db/database';
import { migrations } from './db/migrations';
import { createDispatcher, type Dispatch } from './dispatch';
import { createEventBus, type EventBus } from './events/event-bus';
import { createJobRepository } from './jobs/job-repository';
import { createJobRunner, type JobRunner } from './jobs/job-runner';
import { createDeploymentsFeature } from './deployments/deployments-feature';
import { templateEngineForDeployments } from './deployments/template-engine-adapter';
import { createKeysFeature } from './keys/keys-feature';
import type { Logger } from './logger';
import { createTemplateEngine } from './marketplace/engine-adapter';
import { createMarketplaceFeature } from './marketplace/marketplace-feature';
import { createMonitoringFeature } from './monitoring/monitoring-feature';
import { createNodesFeature, type NodesFeatureOptions } from './nodes/nodes-feature';
import { createRegistriesFeature } from './registries/registries-feature';
import { createScheduler, type Scheduler } from './scheduler/scheduler';
import { createSecretBackend } from './secrets/secret-backend';
import type { SecretStore } from './secrets/secret-store';
import { createVaultFeature } from './secrets/vault-feature';
import { createVaultSecretStore } from './secrets/vault-secret-store';
import { createSettingsService } from './settings/settings-service';
import type { SettingsStore } from './settings/settings-store';
import type { NodeConnections } from './ssh/node-connections';
import { createSystemFeature } from './system/system-feature';

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
  /** The ssh-agent socket for nodes that log in with the agent (default $SSH_AUTH_SOCK, read at each dial). */
  agentSocket?: () => string | undefined;
  /** Connection timings, reconnect backoff and per-check budget; tests shorten them. */
  nodeTuning?: Pick<NodesFeatureOptions, 'timings' | 'backoff' | 'checkTimeoutMs'>;
  /** Stripe's API base URL (default: $HOSTER_STRIPE_API_BASE or https://api.stripe.com); tests point it at a local fake. */
  stripeApiBase?: string;
  /** Outgoing HTTP to Stripe (default: global fetch); tests wrap it to lose answers on purpose. */
  fetch?: typeof fetch;
}

export interface Core {
  handlers: Handlers;
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRunner;
  scheduler: Scheduler;
  /** One shared SSH connection per node: Docker, exec and port forwards for every feature. */
  nodeConnections: NodeConnections;
  /** Runs each feature's start-up work and starts the background workers; tests may drive them by hand instead. */
  start(): void;
  close(): Promise<void>;
}

export function createCore(ports: CorePorts): Core {
  const clock = ports.clock ?? systemClock;
  const {
    db,
    file: databaseFile,
    schemaVersion,
  } = openDataFolder(ports.dataDir, migrations, {
    now: () => clock.now(),
    nativeBinding: ports.sqliteBinding,
  });
  const events = createEventBus((error) =>
    ports.logger.error('event listener failed', { error: String(error) }),
  );
  const jobRepository = createJobRepository(db);
  jobRepository.interruptUnfinished(clock.now().toISOString());
  const secretBackend = createSecretBackend(
    ports.secrets,
    createVaultSecretStore(join(ports.dataDir, VAULT_FILE_NAME)),
  );

  const context: CoreContext = {
    dataDir: ports.dataDir,
    db,
    events,
    jobs: createJobRunner({ repository: jobRepository, events, clock, logger: ports.logger }),
    scheduler: createScheduler({ clock, logger: ports.logger }),
    settings: createSettingsService(ports.settingsStore, events),
    secrets: secretBackend.store,
    clock,
    logger: ports.logger,
  };

  const system = createSystemFeature(context, {
    appVersion: ports.appVersion,
    mode: ports.mode,
    databaseFile,
    schemaVersion,
  });
  const vault = createVaultFeature(secretBackend, events);
  const keys = createKeysFeature(context, {
    onVaultLocked: (forget) => secretBackend.onChange((status) => !status.vault.isUnlocked && forget()),
  });
  const nodes = createNodesFeature(context, {
    keys: keys.keys,
    countDeploymentsOnNode: (nodeId) => deployments.countOnNode(nodeId),
    localDockerSocket:
      ports.localDockerSocket ?? process.env.HOSTER_LOCAL_DOCKER_SOCKET ?? '/var/run/docker.sock',
    sshConfigPath: ports.sshConfigPath ?? join(homedir(), '.ssh', 'config'),
    agentSocket: ports.agentSocket ?? (() => process.env.SSH_AUTH_SOCK),
    ...ports.nodeTuning,
  });
  const marketplace = createMarketplaceFeature(context, {
    engine: createTemplateEngine(),
    builtinDir: ports.resourcesDir === undefined ? undefined : join(ports.resourcesDir, 'templates'),
    deploymentsUsing: (templateId) => deployments.usingTemplate(templateId),
  });
  const registries = createRegistriesFeature(context, {
    nodes: { get: (id) => nodes.listNodes().find((node) => node.id === id) },
    connections: nodes.connections,
  });
  const deployments = createDeploymentsFeature(
    context,
    {
      templates: {
        version: (templateId, version) => {
          const stored = marketplace.catalog.findVersion(templateId, version);
          return (
            stored && {
              templateName: stored.manifest.name,
              manifest: stored.manifest,
              compose: stored.row.compose,
            }
          );
        },
      },
      engine: templateEngineForDeployments(),
      nodes: { list: () => nodes.listNodes(), get: (id) => nodes.listNodes().find((node) => node.id === id) },
      connections: nodes.connections,
      registryAuth: (image) => registries.authFor(image),
    },
    () => ({
      healthTimeoutMs: context.settings.get().deployments.healthTimeoutSeconds * 1000,
      stableMs: context.settings.get().deployments.stableSeconds * 1000,
    }),
  );
  const billing = createBillingFeature(context, {
    nodeCosts: createNodeCostsReader(db),
    stripe: { baseUrl: ports.stripeApiBase ?? stripeApiBaseFromEnv(), fetch: ports.fetch },
  });
  const monitoring = createMonitoringFeature(context, {
    connections: nodes.connections,
    nodes: { list: () => nodes.listNodes() },
    deployments: {
      list: async () => deployments.handlers['deployments:list']({}),
      watched: () => deployments.watched(),
      reportHealth: (id, isHealthy, cause) => deployments.reportHealth(id, isHealthy, cause),
    },
  });
  const features: Pick<Feature<never>, 'start' | 'close'>[] = [
    system,
    vault,
    keys,
    nodes,
    marketplace,
    registries,
    deployments,
    billing,
    monitoring,
  ];

  const handlers = {
    ...system.handlers,
    ...vault.handlers,
    ...keys.handlers,
    ...nodes.handlers,
    ...marketplace.handlers,
    ...registries.handlers,
    ...deployments.handlers,
    ...billing.handlers,
    ...monitoring.handlers,
  } satisfies Handlers;

  let isClosed = false;
  return {
    handlers,
    dispatch: createDispatcher(handlers, ports.logger),
    events,
    jobs: context.jobs,
    scheduler: context.scheduler,
    nodeConnections: nodes.connections,
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
      db.close();
    },
  };
}
