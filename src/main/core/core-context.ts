import type { Handlers, MethodName } from '@shared/contract';
import type { Clock } from './clock';
import type { Database } from './db/database';
import type { EventBus } from './events/event-bus';
import type { JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';
import type { Scheduler } from './scheduler/scheduler';
import type { SecretStore } from './secrets/secret-store';
import type { SettingsService } from './settings/settings-service';

/** What every feature is built from: shared services, passed in, never imported as singletons. */
export interface CoreContext {
  dataDir: string;
  db: Database;
  events: EventBus;
  jobs: JobRunner;
  scheduler: Scheduler;
  settings: SettingsService;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
}

/** A feature answers its slice of the contract and may hold resources to release on close. */
export interface Feature<M extends MethodName> {
  handlers: Pick<Handlers, M>;
  /** Work to do once the whole core is built (reconcile, register workers). */
  start?: () => void;
  close?: () => Promise<void>;
}

/** Method names of one domain, e.g. `MethodsOf<'nodes'>` is every `nodes:*` method. */
export type MethodsOf<Domain extends string> = Extract<MethodName, `${Domain}:${string}`>;
