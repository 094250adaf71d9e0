import type { Handlers, MethodName } from '@shared/contract';
import type { Clock } from './clock';
import type { Database } from './db/database';
import type { EventBus } from './events/event-bus';
import type { JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';
import type { Scheduler, WorkerDefinition } from './scheduler/scheduler';
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

/**
 * A feature answers its slice of the contract and may hold resources to release on close. One
 * lifecycle for all: constructing one starts nothing (no timer, connection or background work);
 * create-core registers its `workers` with the scheduler, so `workers:run` reaches them at once;
 * `start()` does its start-up work once the whole core is built, and the scheduler then runs
 * every worker; `close()` releases what it holds, after the scheduler has stopped.
 */
export interface Feature<M extends MethodName> {
  handlers: Pick<Handlers, M>;
  /** Periodic work, declared here and run by the scheduler only once the core starts. */
  workers?: readonly WorkerDefinition[];
  /** Work to do once the whole core is built (reconcile, offer the local node, open watchers). */
  start?: () => void;
  close?: () => Promise<void>;
}

/** Method names of one domain, e.g. `MethodsOf<'nodes'>` is every `nodes:*` method. */
export type MethodsOf<Domain extends string> = Extract<MethodName, `${Domain}:${string}`>;
