/** The core's two faces: what it is built from (its ports to the outside world) and what it hands back. */
import type { Handlers } from '@shared/contract';
import type { SystemInfo } from '@shared/contract/system';
import type { CloudProvidersOptions, ReadinessTimings } from './cloud';
import type { Clock } from './clock';
import type { Dispatch } from './dispatch';
import type { EventBus } from './events/event-bus';
import type { JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';
import type { AttentionPort } from './monitoring';
import type { NodesFeatureOptions } from './nodes';
import type { Scheduler } from './scheduler/scheduler';
import type { OsPresence } from './secrets/presence';
import type { SecretStore } from './secrets/secret-store';
import type { SettingsStore } from './settings/settings-store';
import type { NodeConnections } from './ssh/node-connections';
import type { UpdatesPort } from './system';

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
  /** Where Portainer stack files are downloaded from instead of their hosts (default: $HOSTER_RAW_FILES_BASE, unset in production); tests point it at a local server. */
  rawFilesBase?: string;
  /** The cloud providers' API base URLs (default: $HOSTER_DIGITALOCEAN_API / $HOSTER_HETZNER_API, else the real APIs); tests point them at local fakes. */
  cloudApiBases?: CloudProvidersOptions['apiBases'];
  /** How often and how long a server being created is waited for; tests shorten them. */
  cloudTimings?: Partial<ReadinessTimings>;
  /** Outgoing HTTP to Stripe (default: global fetch); tests wrap it to lose answers on purpose. */
  fetch?: typeof fetch;
  /**
   * Parse every pushed event against its contract schema; a payload that does not match throws,
   * naming the event (default: on when NODE_ENV is development or test, as under vitest).
   */
  validateEvents?: boolean;
  /** The OS prompt that confirms the user is there before a secret is shown (Touch ID); else a passphrase is typed. */
  presence?: OsPresence;
  /** Battery and window state from the desktop shell: monitoring samples less while the user is away. */
  attention?: AttentionPort;
  /** The app's own updates (the desktop app's updater); without it the core says this app does not update itself. */
  updates?: UpdatesPort;
}

export interface Core {
  handlers: Handlers;
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRunner;
  scheduler: Scheduler;
  /** One shared SSH connection per node: Docker, exec and port forwards for every feature. */
  nodeConnections: NodeConnections;
  /**
   * Runs each feature's start-up work, then the background workers, once the core has answered its
   * first request (or after `START_GRACE_MS`): opening the app never waits on a node. Tests may
   * drive workers by hand instead.
   */
  start(): void;
  close(): Promise<void>;
}
