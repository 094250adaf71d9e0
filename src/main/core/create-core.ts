import { join } from 'node:path';
import type { Handlers } from '@shared/contract';
import type { SystemInfo } from '@shared/contract/system';
import { systemClock, type Clock } from './clock';
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
import { createSystemService } from './system/system-service';

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
  /** Starts the background workers; separate from construction so tests can drive them by hand. */
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
  const jobs = createJobRunner({ repository: jobRepository, events, clock, logger: ports.logger });
  const scheduler = createScheduler({ clock, logger: ports.logger });
  const settings = createSettingsService(ports.settingsStore, events);
  const system = createSystemService({
    appVersion: ports.appVersion,
    mode: ports.mode,
    dataDir: ports.dataDir,
    databaseFile,
    schemaVersion: () => schemaVersion,
    secrets: ports.secrets,
  });

  const handlers = {
    'system:info': () => system.info(),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'jobs:list': (filter) => jobs.list(filter),
    'jobs:get': ({ id }) => jobs.get(id),
    'jobs:cancel': ({ id }) => jobs.cancel(id),
    'workers:list': () => scheduler.list(),
    'workers:run': ({ name }) => scheduler.runNow(name),
  } satisfies Handlers;

  let isClosed = false;
  return {
    handlers,
    dispatch: createDispatcher(handlers, ports.logger),
    events,
    jobs,
    scheduler,
    start: () => scheduler.start(),
    async close() {
      if (isClosed) return;
      isClosed = true;
      await scheduler.stop();
      await jobs.close();
      db.close();
    },
  };
}
