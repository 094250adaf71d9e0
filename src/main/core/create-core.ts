import { join } from 'node:path';
import type { Handlers } from '@shared/contract';
import type { SystemInfo } from '@shared/contract/system';
import { systemClock, type Clock } from './clock';
import type { CoreContext, Feature } from './core-context';
import { openDatabase } from './db/database';
import { migrations } from './db/migrations';
import { createDispatcher, type Dispatch } from './dispatch';
import { createEventBus, type EventBus } from './events/event-bus';
import { createJobRepository } from './jobs/job-repository';
import { createJobRunner, type JobRunner } from './jobs/job-runner';
import type { Logger } from './logger';
import { createScheduler, type Scheduler } from './scheduler/scheduler';
import type { SecretStore } from './secrets/secret-store';
import { createSettingsService } from './settings/settings-service';
import type { SettingsStore } from './settings/settings-store';
import { createSystemFeature } from './system/system-feature';

export const DATABASE_FILE_NAME = 'hoster.db';

/** Everything the core needs from the outside world, passed in so tests can build a real core anywhere. */
export interface CorePorts {
  dataDir: string;
  appVersion: string;
  mode: SystemInfo['mode'];
  settingsStore: SettingsStore;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  /** Path to a better-sqlite3 binary for Electron's ABI, when node_modules holds Node's. */
  sqliteBinding?: string | undefined;
}

export interface Core {
  handlers: Handlers;
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRunner;
  scheduler: Scheduler;
  /** Runs each feature's start-up work and starts the background workers; tests may drive them by hand instead. */
  start(): void;
  close(): Promise<void>;
}

export function createCore(ports: CorePorts): Core {
  const clock = ports.clock ?? systemClock;
  const databaseFile = join(ports.dataDir, DATABASE_FILE_NAME);
  const { db, schemaVersion } = openDatabase(databaseFile, migrations, { now: () => clock.now(), nativeBinding: ports.sqliteBinding });
  const events = createEventBus((error) => ports.logger.error('event listener failed', { error: String(error) }));
  const jobRepository = createJobRepository(db);
  jobRepository.interruptUnfinished(clock.now().toISOString());

  const context: CoreContext = {
    dataDir: ports.dataDir,
    db,
    events,
    jobs: createJobRunner({ repository: jobRepository, events, clock, logger: ports.logger }),
    scheduler: createScheduler({ clock, logger: ports.logger }),
    settings: createSettingsService(ports.settingsStore, events),
    secrets: ports.secrets,
    clock,
    logger: ports.logger,
  };

  const system = createSystemFeature(context, { appVersion: ports.appVersion, mode: ports.mode, databaseFile, schemaVersion });
  const features: Pick<Feature<never>, 'start' | 'close'>[] = [system];

  const handlers = {
    ...system.handlers,
  } satisfies Handlers;

  let isClosed = false;
  return {
    handlers,
    dispatch: createDispatcher(handlers, ports.logger),
    events,
    jobs: context.jobs,
    scheduler: context.scheduler,
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
